using Microsoft.AspNetCore.Mvc.ModelBinding;
using NodaTime;
using NodaTime.Text;

namespace Scheduling.Web.Pages.Shared;

/// <summary>
/// Reads a form's `datetime-local` field (`2026-11-30T09:00`, seconds optional) into a NodaTime
/// <see cref="LocalDateTime"/>, so page models hold the clinic's wall-clock time as the use cases take it.
/// A value it cannot read is a field error; an empty one is left to the page (null).
/// </summary>
public sealed class LocalDateTimeBinder : IModelBinder
{
    /// <summary>How a `datetime-local` input's value is written.</summary>
    public static readonly LocalDateTimePattern Field = LocalDateTimePattern.CreateWithInvariantCulture(
        "uuuu'-'MM'-'dd'T'HH':'mm"
    );

    private static readonly LocalDateTimePattern WithSeconds = LocalDateTimePattern.CreateWithInvariantCulture(
        "uuuu'-'MM'-'dd'T'HH':'mm':'ss"
    );

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None || string.IsNullOrWhiteSpace(value.FirstValue))
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        var text = value.FirstValue.Trim();
        var parsed = Field.Parse(text) is { Success: true } minutes ? minutes : WithSeconds.Parse(text);
        if (parsed.Success)
        {
            bindingContext.Result = ModelBindingResult.Success(parsed.Value);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(
                bindingContext.ModelName,
                "Expected a date and a time such as 2026-12-01 09:00."
            );
        }

        return Task.CompletedTask;
    }

    public static string Format(LocalDateTime? value) => value is { } local ? Field.Format(local) : string.Empty;
}

public sealed class LocalDateTimeBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata.UnderlyingOrModelType == typeof(LocalDateTime) ? new LocalDateTimeBinder() : null;
    }
}

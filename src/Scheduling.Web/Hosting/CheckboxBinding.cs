using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Scheduling.Web.Hosting;

/// <summary>
/// A page's true/false field (a checkbox posts "true" and its hidden "false") that comes back holding anything
/// else is a field error, and the value kept for re-rendering the form is "false": MVC's own binder keeps the
/// text as sent, and the checkbox tag helper then throws converting it while the page is rendered (a 500).
/// </summary>
public sealed class CheckboxBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata.UnderlyingOrModelType == typeof(bool) ? new CheckboxBinder() : null;
    }

    public static void Register(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ModelBinderProviders.Insert(0, new CheckboxBinderProvider());
    }

    private sealed class CheckboxBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var given = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (given == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            var text = given.FirstValue?.Trim();
            if (bool.TryParse(text, out var value))
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, given);
                bindingContext.Result = ModelBindingResult.Success(value);
            }
            else if (string.IsNullOrEmpty(text) && bindingContext.ModelMetadata.IsReferenceOrNullableType)
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, given);
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, new ValueProviderResult("false"));
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Expected true or false.");
                bindingContext.Result = ModelBindingResult.Failed();
            }

            return Task.CompletedTask;
        }
    }
}

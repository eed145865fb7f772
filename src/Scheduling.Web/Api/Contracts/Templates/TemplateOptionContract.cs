using Scheduling.Core.Contracts;
using Scheduling.Core.Templates;
using Scheduling.Domain.Protocols;

namespace Scheduling.Web.Api.Contracts.Templates;

/// <summary>PUT /api/clinics/{clinicId}/template-options/{code}: `pcl5` is required, true or false.</summary>
public sealed record TemplateOptionInput(bool? Pcl5);

public sealed record TemplateOptionView(
    Guid ClinicId,
    string TemplateCode,
    bool Pcl5,
    string ChangedAt,
    string ChangedBy
)
{
    public static TemplateOptionView From(ClinicTemplateOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return new(option.ClinicId, option.TemplateCode, option.Pcl5, Wire.Format(option.ChangedAt), option.ChangedBy);
    }
}

/// <summary>A clinic's template options over the wire: the request read, the use case's answer shaped.</summary>
public static class TemplateOptionRequests
{
    public static Task<Outcome<IReadOnlyList<TemplateOptionView>>> ListAsync(
        ClinicTemplateOptions options,
        Guid clinicId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .ListAsync(clinicId, cancellationToken)
            .ToWire<IReadOnlyList<ClinicTemplateOption>, IReadOnlyList<TemplateOptionView>>(o =>
                [.. o.Select(TemplateOptionView.From)]
            );
    }

    public static async Task<Outcome<TemplateOptionView>> SetAsync(
        ClinicTemplateOptions options,
        Guid clinicId,
        string code,
        TemplateOptionInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        return input?.Pcl5 is { } pcl5
            ? await options.SetAsync(clinicId, code, pcl5, cancellationToken).ToWire(TemplateOptionView.From)
            : Outcome<TemplateOptionView>.Invalid("pcl5", "Expected true or false.");
    }
}

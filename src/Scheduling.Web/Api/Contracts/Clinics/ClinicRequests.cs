using NodaTime;
using Scheduling.Core.Clinics;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging.Content;

namespace Scheduling.Web.Api.Contracts.Clinics;

/// <summary>
/// POST/GET/PUT /api/clinics (and the Settings page, which sends the same): the body read by
/// <see cref="ClinicReading"/>, the clinic use cases called with what was read, their answer in the wire's shape.
/// A request is refused whole: when a field is bad, the name messages would use is checked too, so that every bad
/// field is named at once.
/// </summary>
public sealed class ClinicRequests(
    ClinicDirectory directory,
    ClinicEditor editor,
    ClinicNameCheck wording,
    IDateTimeZoneProvider zones
)
{
    public async Task<Outcome<ClinicView>> CreateAsync(ClinicInput? input, CancellationToken cancellationToken)
    {
        var (definition, problems) = await ReadAsync(null, input, cancellationToken);
        return definition is null
            ? Outcome<ClinicView>.Invalid(problems)
            : await directory.CreateAsync(definition, cancellationToken).ToWire(ClinicView.From);
    }

    public async Task<Outcome<ClinicView>> UpdateAsync(Guid id, ClinicInput? input, CancellationToken cancellationToken)
    {
        var (definition, problems) = await ReadAsync(id, input, cancellationToken);
        return definition is null
            ? Outcome<ClinicView>.Invalid(problems)
            : await editor.UpdateAsync(id, definition, cancellationToken).ToWire(ClinicView.From);
    }

    public async Task<IReadOnlyList<ClinicView>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await directory.ListAsync(cancellationToken)).Select(ClinicView.From)];

    public Task<Outcome<ClinicView>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        directory.GetAsync(id, cancellationToken).ToWire(ClinicView.From);

    private async Task<(ClinicDefinition? Definition, IReadOnlyDictionary<string, string[]> Problems)> ReadAsync(
        Guid? id,
        ClinicInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var (definition, shown) = ClinicReading.Read(input, zones, problems);
        if (definition is null && shown is not null)
        {
            await wording.CheckNameAsync(id, shown, ClinicDefinition.MessageNameField, problems, cancellationToken);
        }

        return (definition, problems.ToDictionary());
    }
}

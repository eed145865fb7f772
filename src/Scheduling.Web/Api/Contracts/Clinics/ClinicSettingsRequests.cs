using Scheduling.Core.Clinics;
using Scheduling.Core.Contracts;

namespace Scheduling.Web.Api.Contracts.Clinics;

/// <summary>
/// A clinic's closures, sending window, opening hours, chairs and on-call contacts over the wire (and from the
/// Settings page): each request read into typed values, a bad field named as the client sent it, then the use case.
/// </summary>
public sealed class ClinicSettingsRequests(
    ClinicDirectory directory,
    ClinicSettings settings,
    ClinicHours hours,
    ClinicChairs chairs,
    OnCallRoster onCall
)
{
    public async Task<Outcome<ClosureView>> AddClosureAsync(
        Guid clinicId,
        ClosureInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var date = Wire.LocalDate(input?.Date, "date", problems);
        if (input?.Reason is { Length: > 200 })
        {
            problems.Add("reason", "At most 200 characters.");
        }

        return problems.Any
            ? Outcome<ClosureView>.Invalid(problems.ToDictionary())
            : await settings.AddClosureAsync(clinicId, date!.Value, input!.Reason, cancellationToken).ToWire(View);
    }

    public async Task<Outcome<ClosureView>> RemoveClosureAsync(
        Guid clinicId,
        string? date,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var day = Wire.LocalDate(date, "date", problems);
        return problems.Any
            ? Outcome<ClosureView>.Invalid(problems.ToDictionary())
            : await settings.RemoveClosureAsync(clinicId, day!.Value, cancellationToken).ToWire(View);
    }

    public async Task<Outcome<SendingWindowView>> SetSendingWindowAsync(
        Guid clinicId,
        SendingWindowInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var window = ClinicReading.ReadWindow(input, "", problems);
        return window is null
            ? Outcome<SendingWindowView>.Invalid(problems.ToDictionary())
            : await settings
                .SetSendingWindowAsync(clinicId, window, cancellationToken)
                .ToWire(w => new SendingWindowView(Wire.Format(w.Start), Wire.Format(w.End)));
    }

    public async Task<Outcome<OpeningHoursChange>> ReplaceHoursAsync(
        Guid clinicId,
        OpeningHoursUpdate? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var week = ClinicReading.ReadOpeningHours(input?.OpeningHours, problems);
        return problems.Any
            ? Outcome<OpeningHoursChange>.Invalid(problems.ToDictionary())
            : await hours
                .ReplaceAsync(clinicId, week, cancellationToken)
                .ToWire(r => new OpeningHoursChange(
                    [.. r.OpeningHours.Select(OpeningHoursView.From)],
                    r.BookedOutside
                ));
    }

    /// <summary>A blank name is none: the chair is called "Chair n".</summary>
    public async Task<Outcome<ChairView>> AddChairAsync(
        Guid clinicId,
        ChairInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var name = string.IsNullOrWhiteSpace(input?.Name)
            ? null
            : ContactDetails.Text(input.Name, "name", ClinicChairs.MaxName, problems);
        return problems.Any
            ? Outcome<ChairView>.Invalid(problems.ToDictionary())
            : await chairs.AddAsync(clinicId, name, cancellationToken).ToWire(ChairView.From);
    }

    public async Task<Outcome<ChairView>> RenameChairAsync(
        Guid clinicId,
        Guid chairId,
        ChairInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var name = ContactDetails.Text(input?.Name, "name", ClinicChairs.MaxName, problems);
        return problems.Any
            ? Outcome<ChairView>.Invalid(problems.ToDictionary())
            : await chairs.RenameAsync(clinicId, chairId, name!, cancellationToken).ToWire(ChairView.From);
    }

    public Task<Outcome<ChairView>> RetireChairAsync(
        Guid clinicId,
        Guid chairId,
        CancellationToken cancellationToken
    ) => chairs.RetireAsync(clinicId, chairId, cancellationToken).ToWire(ChairView.From);

    /// <summary>The phone is read in the clinic's region (its own number); a bad field before no clinic.</summary>
    public async Task<Outcome<OnCallView>> AddOnCallAsync(
        Guid clinicId,
        OnCallInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var contact = ClinicReading.ReadOnCall(input, "", await RegionAsync(clinicId, cancellationToken), problems);
        return contact is null
            ? Outcome<OnCallView>.Invalid(problems.ToDictionary())
            : await onCall.AddAsync(clinicId, contact, cancellationToken).ToWire(OnCallView.From);
    }

    public async Task<Outcome<OnCallView>> EditOnCallAsync(
        Guid clinicId,
        Guid contactId,
        OnCallInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var contact = ClinicReading.ReadOnCall(input, "", await RegionAsync(clinicId, cancellationToken), problems);
        return contact is null
            ? Outcome<OnCallView>.Invalid(problems.ToDictionary())
            : await onCall.EditAsync(clinicId, contactId, contact, cancellationToken).ToWire(OnCallView.From);
    }

    public Task<Outcome<OnCallRemoval>> RemoveOnCallAsync(
        Guid clinicId,
        Guid contactId,
        CancellationToken cancellationToken
    ) => onCall.RemoveAsync(clinicId, contactId, cancellationToken);

    private async Task<string> RegionAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await directory.FindAsync(clinicId, cancellationToken) is { } clinic
            ? ContactDetails.RegionOf(clinic.Phone)
            : "US";

    private static ClosureView View(ClinicClosure closure) =>
        new(Wire.Format(closure.Date), closure.Reason, closure.BookedSessions);
}

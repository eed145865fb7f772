using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;

namespace Scheduling.Web.Api.Contracts.Clinics;

/// <summary>
/// POST /api/clinics and PUT /api/clinics/{id} as a client sends them: text for times so that a bad value is
/// named, not a 500. `MessageName` is what messages call the clinic; absent, they use `Name`. `CancelNotice`
/// (ISO 8601, such as PT24H) is how long before a session a patient may still cancel from their own link;
/// absent, 24 hours for a new clinic and unchanged for an edited one.
/// </summary>
public sealed record ClinicInput(
    string? Name,
    string? TimeZone,
    string? Phone,
    int? Chairs,
    IReadOnlyList<OpeningHoursInput?>? OpeningHours,
    IReadOnlyList<string?>? ClosedDates,
    SendingWindowInput? SendingWindow,
    IReadOnlyList<OnCallInput?>? OnCall,
    string? MessageName = null,
    string? CancelNotice = null
)
{
    /// <summary>A clinic as it is, as the body of PUT /api/clinics/{id} that would leave it so.</summary>
    public static ClinicInput From(ClinicView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(
            view.Name,
            view.TimeZone,
            view.Phone,
            view.Chairs,
            [.. view.OpeningHours.Select(h => new OpeningHoursInput(h.Day, h.Open, h.Close))],
            [.. view.ClosedDates],
            new SendingWindowInput(view.SendingWindow.Start, view.SendingWindow.End),
            [.. view.OnCall.Select(o => new OnCallInput(o.Name, o.Email, o.Phone))],
            view.MessageName,
            view.CancelNotice
        );
    }
}

public sealed record OpeningHoursInput(string? Day, string? Open, string? Close);

public sealed record SendingWindowInput(string? Start, string? End);

public sealed record OnCallInput(string? Name, string? Email, string? Phone);

/// <summary>
/// `Chairs` and `ChairList` are the chairs in service; `OnCall` the contacts paged for new alerts.
/// `MessageName` is as it was set (null: none), `NameInMessages` what every message says. The view is shaped
/// as PUT takes it back: read, change, put.
/// </summary>
public sealed record ClinicView(
    Guid Id,
    string Name,
    string TimeZone,
    string Phone,
    int Chairs,
    IReadOnlyList<ChairView> ChairList,
    IReadOnlyList<OpeningHoursView> OpeningHours,
    IReadOnlyList<string> ClosedDates,
    SendingWindowView SendingWindow,
    IReadOnlyList<OnCallView> OnCall,
    IReadOnlyList<ChairView> RetiredChairs,
    string? MessageName,
    string NameInMessages,
    string CancelNotice
)
{
    public static ClinicView From(Clinic clinic)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        return new(
            clinic.Id,
            clinic.Name,
            clinic.TimeZoneId,
            clinic.Phone,
            clinic.Chairs.Count(c => c.RetiredAt is null),
            [.. clinic.Chairs.Where(c => c.RetiredAt is null).OrderBy(c => c.Number).Select(ChairView.From)],
            [
                .. clinic
                    .OpeningHours.OrderBy(h => h.Day)
                    .ThenBy(h => h.Open)
                    .Select(h => OpeningHoursView.From(new OpeningRange(h.Day, h.Open, h.Close))),
            ],
            [.. clinic.ClosedDates.OrderBy(d => d.Date).Select(d => Wire.Format(d.Date))],
            new SendingWindowView(Wire.Format(clinic.SendingWindowStart), Wire.Format(clinic.SendingWindowEnd)),
            [
                .. clinic
                    .OnCall.Where(o => o.RemovedAt is null)
                    .OrderBy(o => o.Name, StringComparer.Ordinal)
                    .Select(OnCallView.From),
            ],
            [.. clinic.Chairs.Where(c => c.RetiredAt is not null).OrderBy(c => c.Number).Select(ChairView.From)],
            clinic.MessageName,
            clinic.NameInMessages,
            Wire.Format(clinic.CancelNotice)
        );
    }
}

/// <summary>`RetiredAt` is set for a chair out of service (kept because past sessions name it).</summary>
public sealed record ChairView(Guid Id, int Number, string Name, string? RetiredAt = null)
{
    public static ChairView From(Chair chair)
    {
        ArgumentNullException.ThrowIfNull(chair);
        return new(chair.Id, chair.Number, chair.Name, chair.RetiredAt is { } at ? Wire.Format(at) : null);
    }
}

public sealed record OpeningHoursView(string Day, string Open, string Close)
{
    public static OpeningHoursView From(OpeningRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        return new(range.Day.ToString(), Wire.Format(range.Open), Wire.Format(range.Close));
    }
}

public sealed record SendingWindowView(string Start, string End);

public sealed record OnCallView(Guid Id, string Name, string Email, string Phone)
{
    public static OnCallView From(OnCallContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new(contact.Id, contact.Name, contact.Email, contact.Phone);
    }
}

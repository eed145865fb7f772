namespace Scheduling.Core.Clinics;

/// <summary>
/// POST /api/clinics and PUT /api/clinics/{id} as a client sends them: text for times so that a bad value is
/// named, not a 500. `MessageName` is what messages call the clinic; absent, they use `Name`.
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
    string? MessageName = null
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
            view.MessageName
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
    string NameInMessages
);

/// <summary>`RetiredAt` is set for a chair out of service (kept because past sessions name it).</summary>
public sealed record ChairView(Guid Id, int Number, string Name, string? RetiredAt = null);

public sealed record OpeningHoursView(string Day, string Open, string Close);

public sealed record SendingWindowView(string Start, string End);

public sealed record OnCallView(Guid Id, string Name, string Email, string Phone);

namespace Scheduling.Core.Clinics;

/// <summary>POST /api/clinics as a client sends it: text for times so that a bad value is named, not a 500.</summary>
public sealed record ClinicInput(
    string? Name,
    string? TimeZone,
    string? Phone,
    int? Chairs,
    IReadOnlyList<OpeningHoursInput?>? OpeningHours,
    IReadOnlyList<string?>? ClosedDates,
    SendingWindowInput? SendingWindow,
    IReadOnlyList<OnCallInput?>? OnCall);

public sealed record OpeningHoursInput(string? Day, string? Open, string? Close);

public sealed record SendingWindowInput(string? Start, string? End);

public sealed record OnCallInput(string? Name, string? Email, string? Phone);

/// <summary>`Chairs` and `ChairList` are the chairs in service; `OnCall` the contacts paged for new alerts.</summary>
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
    IReadOnlyList<ChairView> RetiredChairs);

/// <summary>`RetiredAt` is set for a chair out of service (kept because past sessions name it).</summary>
public sealed record ChairView(Guid Id, int Number, string Name, string? RetiredAt = null);

public sealed record OpeningHoursView(string Day, string Open, string Close);

public sealed record SendingWindowView(string Start, string End);

public sealed record OnCallView(Guid Id, string Name, string Email, string Phone);

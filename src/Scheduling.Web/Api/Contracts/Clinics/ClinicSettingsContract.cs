namespace Scheduling.Web.Api.Contracts.Clinics;

/// <summary>A chair's name; optional when adding one ("Chair n" then).</summary>
public sealed record ChairInput(string? Name);

public sealed record ClosureInput(string? Date, string? Reason);

/// <summary>`bookedSessions`: sessions still booked at the clinic that day, which the closure does not move.</summary>
public sealed record ClosureView(string Date, string? Reason, int BookedSessions);

/// <summary>PUT /api/clinics/{id}/opening-hours: the whole week, as `openingHours` of POST /api/clinics.</summary>
public sealed record OpeningHoursUpdate(IReadOnlyList<OpeningHoursInput?>? OpeningHours);

/// <summary>
/// `bookedOutside`: future sessions still booked that the new hours do not hold, which the change does not move.
/// </summary>
public sealed record OpeningHoursChange(IReadOnlyList<OpeningHoursView> OpeningHours, int BookedOutside);

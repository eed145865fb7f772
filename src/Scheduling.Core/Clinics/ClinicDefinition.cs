using NodaTime;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>
/// A clinic as POST /api/clinics creates it and PUT /api/clinics/{id} replaces it, already read: `Phone` in
/// E.164, on-call contacts as <see cref="OnCallDetails"/>. `MessageName` null means messages use `Name`;
/// `SendingWindow` null means the default window; `CancelNotice` null means 24 hours for a new clinic and the
/// notice as it is for an edited one.
/// </summary>
public sealed record ClinicDefinition(
    string Name,
    string? MessageName,
    DateTimeZone Zone,
    string Phone,
    int Chairs,
    IReadOnlyList<OpeningRange> OpeningHours,
    IReadOnlyList<LocalDate> ClosedDates,
    SendingWindow? SendingWindow,
    IReadOnlyList<OnCallDetails> OnCall,
    Duration? CancelNotice = null
)
{
    public const int MaxChairs = 200;
    public const string MessageNameField = "messageName";
    public const string OnCallField = "onCall";

    /// <summary>
    /// A safety alert is paged by SMS first (docs/domain.md, "The item-9 safety event"), so a clinic keeps at
    /// least one on-call contact with a phone.
    /// </summary>
    public const string OnCallRequired =
        "At least one on-call contact with a mobile phone is required: safety alerts are paged by SMS.";

    /// <summary>The one name every message uses.</summary>
    public string NameInMessages => MessageName ?? Name;

    /// <summary>A new clinic row with its chairs "Chair 1" to "Chair n" and its contacts in the order given.</summary>
    public Clinic ToClinic(Instant now)
    {
        var clinic = new Clinic
        {
            Name = Name,
            MessageName = MessageName,
            TimeZoneId = Zone.Id,
            Phone = Phone,
            CreatedAt = now,
            CancelNotice = CancelNotice ?? Clinic.DefaultCancelNotice,
        };
        if (SendingWindow is { } window)
        {
            (clinic.SendingWindowStart, clinic.SendingWindowEnd) = (window.Start, window.End);
        }

        clinic.OpeningHours.AddRange(OpeningHours.Select(h => h.ToRow(clinic.Id)));
        clinic.ClosedDates.AddRange(
            ClosedDates.Distinct().Select(d => new ClosedDate { ClinicId = clinic.Id, Date = d })
        );
        clinic.OnCall.AddRange(OnCall.Select((o, i) => o.ToContact(clinic.Id, i + 1)));
        for (var number = 1; number <= Chairs; number++)
        {
            clinic.Chairs.Add(
                new Chair
                {
                    ClinicId = clinic.Id,
                    Number = number,
                    Name = $"Chair {number}",
                }
            );
        }

        return clinic;
    }
}

/// <summary>The window (patient's local time) in which messages may be sent; it ends after it starts.</summary>
public sealed record SendingWindow(LocalTime Start, LocalTime End);

/// <summary>An on-call contact already read: the email a bare address, the phone a textable number in E.164.</summary>
public sealed record OnCallDetails(string Name, string Email, string Phone)
{
    public OnCallContact ToContact(Guid clinicId, int position) =>
        new()
        {
            ClinicId = clinicId,
            Name = Name,
            Email = Email,
            Phone = Phone,
            Position = position,
        };
}

internal static class OpeningRangeRows
{
    public static OpeningHours ToRow(this OpeningRange range, Guid clinicId) =>
        new()
        {
            ClinicId = clinicId,
            Day = range.Day,
            Open = range.Open,
            Close = range.Close,
        };
}

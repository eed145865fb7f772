using NodaTime;

namespace Scheduling.Domain.Booking;

/// <summary>
/// The REMS monitoring form's clock (docs/domain.md, "REMS" and "What a real clinic's month adds"): due
/// within 7 days of the session; from day 5 without it the session is marked overdue, on Today and on the
/// worklist, until the form is recorded. Read against the form's due date, so a template with a
/// different number of days raises its mark the same two days before its deadline.
/// </summary>
public static class RemsDeadline
{
    /// <summary>Day 5 of 7: two days before the form is due.</summary>
    public const int MarkDaysBeforeDue = 2;

    public static LocalDate OverdueFrom(LocalDate due) => due.PlusDays(-MarkDaysBeforeDue);

    /// <summary>The mark is up on <paramref name="today"/> (the clinic's date) while the form is missing.</summary>
    public static bool IsOverdue(LocalDate due, LocalDate today) => today >= OverdueFrom(due);

    public static bool IsPastDue(LocalDate due, LocalDate today) => today > due;
}

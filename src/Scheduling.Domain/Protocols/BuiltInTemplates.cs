using NodaTime;

namespace Scheduling.Domain.Protocols;

/// <summary>
/// The protocols every clinic starts with (docs/domain.md, "Protocols"). Clinics add their own as data;
/// the migrate command stores a new version of one whose definition here changed, never edits one in place.
/// </summary>
public static class BuiltInTemplates
{
    public const string KetamineIvInduction = "ketamine-iv-induction";
    public const string KetamineBooster = "ketamine-booster";
    public const string EsketamineInduction = "esketamine-induction";
    public const string EsketamineMaintenance = "esketamine-maintenance";

    /// <summary>
    /// Maintenance with no end, weekly or every two weeks (docs/domain.md, "Maintenance goes on"). New codes
    /// rather than a changed esketamine-maintenance: series booked with it keep planning by it.
    /// </summary>
    public const string EsketamineMaintenanceWeekly = "esketamine-maintenance-weekly";

    public const string EsketamineMaintenanceFortnightly = "esketamine-maintenance-fortnightly";

    /// <summary>40 minutes of infusion and up to an hour of recovery.</summary>
    private static readonly Duration KetamineChairTime = Duration.FromMinutes(40 + 60);

    /// <summary>Dosing, then at least two hours of observation under REMS.</summary>
    private static readonly Duration EsketamineChairTime = Duration.FromMinutes(15 + 120);

    private const int RemsFormDueDays = 7;

    /// <summary>Inductions watch for fading relief: a PHQ-9 monthly for six months after the last session.</summary>
    private const int RelapseWatchMonths = 6;

    public static IReadOnlyList<ProtocolTemplate> All(Instant now) =>
        [
            new()
            {
                Code = KetamineIvInduction,
                Name = "Ketamine IV induction",
                Medication = Medication.KetamineIv,
                SessionCount = 6,
                SessionDuration = KetamineChairTime,
                MinDaysBetween = 1,
                MaxDaysBetween = 4,
                Reminders = StandardReminders(),
                FollowUps = [.. PostSessionChecks(), .. SeriesScores("3")],
                RelapseWatchMonths = RelapseWatchMonths,
                OffersPcl5 = true,
                CreatedAt = now,
                BuiltIn = true,
            },
            new()
            {
                Code = KetamineBooster,
                Name = "Ketamine booster",
                Medication = Medication.KetamineIv,
                SessionCount = 1,
                SessionDuration = KetamineChairTime,
                MinDaysBetween = 0,
                MaxDaysBetween = 0,
                Reminders = StandardReminders(),
                FollowUps =
                [
                    .. PostSessionChecks(),
                    new(FollowUpKind.Phq9, Duration.FromHours(-24), "first"),
                    new(FollowUpKind.Phq9, Duration.FromDays(7), "last"),
                ],
                CreatedAt = now,
                BuiltIn = true,
            },
            new()
            {
                Code = EsketamineInduction,
                Name = "Esketamine (nasal) induction",
                Medication = Medication.EsketamineNasal,
                SessionCount = 8,
                SessionDuration = EsketamineChairTime,
                MinDaysBetween = 2,
                MaxDaysBetween = 5,
                RemsFormDueDays = RemsFormDueDays,
                Reminders = StandardReminders(),
                FollowUps = [.. PostSessionChecks(), .. SeriesScores("4")],
                RelapseWatchMonths = RelapseWatchMonths,
                CreatedAt = now,
                BuiltIn = true,
            },
            new()
            {
                Code = EsketamineMaintenance,
                Name = "Esketamine maintenance",
                Medication = Medication.EsketamineNasal,
                SessionCount = 4,
                SessionDuration = EsketamineChairTime,
                MinDaysBetween = 6,
                MaxDaysBetween = 8,
                RemsFormDueDays = RemsFormDueDays,
                Reminders = StandardReminders(),
                FollowUps =
                [
                    .. PostSessionChecks(),
                    new(FollowUpKind.Phq9, Duration.FromHours(3), "last"),
                    new(FollowUpKind.Gad7, Duration.FromHours(3), "last"),
                ],
                CreatedAt = now,
                BuiltIn = true,
            },
            OpenEndedMaintenance(
                EsketamineMaintenanceWeekly,
                "Esketamine maintenance, weekly (open-ended)",
                4,
                6,
                8,
                now
            ),
            OpenEndedMaintenance(
                EsketamineMaintenanceFortnightly,
                "Esketamine maintenance, every two weeks (open-ended)",
                2,
                13,
                15,
                now
            ),
        ];

    /// <summary>
    /// A month booked at first; PHQ-9 and GAD-7 after the first session give the course of maintenance a
    /// starting score ("last" would move each time sessions are added).
    /// </summary>
    private static ProtocolTemplate OpenEndedMaintenance(
        string code,
        string name,
        int sessions,
        int minDays,
        int maxDays,
        Instant now
    ) =>
        new()
        {
            Code = code,
            Name = name,
            Medication = Medication.EsketamineNasal,
            SessionCount = sessions,
            SessionDuration = EsketamineChairTime,
            MinDaysBetween = minDays,
            MaxDaysBetween = maxDays,
            RemsFormDueDays = RemsFormDueDays,
            OpenEnded = true,
            Reminders = StandardReminders(),
            FollowUps =
            [
                .. PostSessionChecks(),
                new(FollowUpKind.Phq9, Duration.FromHours(3), "first"),
                new(FollowUpKind.Gad7, Duration.FromHours(3), "first"),
            ],
            CreatedAt = now,
            BuiltIn = true,
        };

    private static List<ReminderRule> StandardReminders() =>
        [
            new(Channel.Email, Duration.FromHours(72)),
            new(Channel.Sms, Duration.FromHours(24)),
            new(Channel.Sms, Duration.FromHours(2)),
        ];

    private static IEnumerable<FollowUpRule> PostSessionChecks() =>
        [
            new(FollowUpKind.PostSessionCheck, Duration.FromHours(3), "each"),
            new(FollowUpKind.PostSessionCheck, Duration.FromHours(24), "each"),
        ];

    /// <summary>
    /// PHQ-9 and GAD-7 at baseline (the day before), mid-series, end of series, one week and one month later.
    /// </summary>
    private static IEnumerable<FollowUpRule> SeriesScores(string midSession) =>
        new[] { FollowUpKind.Phq9, FollowUpKind.Gad7 }.SelectMany(kind =>
            new FollowUpRule[]
            {
                new(kind, Duration.FromHours(-24), "first"),
                new(kind, Duration.FromHours(3), midSession),
                new(kind, Duration.FromHours(3), "last"),
                new(kind, Duration.FromDays(7), "last"),
                new(kind, Duration.FromDays(30), "last"),
            }
        );
}

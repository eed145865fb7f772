using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
using Scheduling.Core.Users;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Demo;

/// <summary>
/// What `ops/run-local.sh` shows a newcomer: one clinic, a few patients, a booked series and one demo
/// user per role. Runs again without adding copies. Local mode only.
/// </summary>
public sealed class DemoSeeder(
    SchedulingDbContext db,
    UserAccounts accounts,
    MessagePlanner messages,
    SurveyPlanner surveys,
    IClock clock,
    IDateTimeZoneProvider zones
)
{
    public const string ClinicName = "Demo Infusion Clinic";
    public const string DemoPassword = "demo-password-1";

    public static IReadOnlyList<(string Email, string Role)> DemoUsers { get; } =
    [
        ("frontdesk@demo.local", Roles.FrontDesk),
        ("clinician@demo.local", Roles.Clinician),
        ("ops@demo.local", Roles.Ops),
        ("admin@demo.local", Roles.Admin),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var (email, role) in DemoUsers)
        {
            await accounts.AddAsync(email, DemoPassword, role);
        }

        if (await db.Clinics.AnyAsync(c => c.Name == ClinicName, cancellationToken))
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        var clinic = DemoClinic(now);
        db.Clinics.Add(clinic);
        var patients = DemoPatients(clinic, now);
        db.Patients.AddRange(patients);
        var template = await db
            .Templates.Where(t => t.ClinicId == null && t.Code == BuiltInTemplates.KetamineIvInduction)
            .OrderByDescending(t => t.Version)
            .FirstAsync(cancellationToken);
        var series = DemoSeries(clinic, patients[0], template, now);
        db.Series.Add(series);
        messages.PlanNewSeries(series, template, patients[0], clinic);
        await db.SaveChangesAsync(cancellationToken);

        // The survey planner reads the patient's consent from the database, so it runs once the patients are saved.
        await surveys.PlanForSeriesAsync(series, template, patients[0], clinic, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Clinic DemoClinic(Instant now)
    {
        var clinic = new Clinic
        {
            Name = ClinicName,
            TimeZoneId = "America/New_York",
            Phone = "+12025550100",
            CreatedAt = now,
        };
        for (var number = 1; number <= 4; number++)
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

        foreach (
            var day in new[]
            {
                IsoDayOfWeek.Monday,
                IsoDayOfWeek.Tuesday,
                IsoDayOfWeek.Wednesday,
                IsoDayOfWeek.Thursday,
                IsoDayOfWeek.Friday,
            }
        )
        {
            clinic.OpeningHours.Add(
                new OpeningHours
                {
                    ClinicId = clinic.Id,
                    Day = day,
                    Open = new LocalTime(8, 0),
                    Close = new LocalTime(18, 0),
                }
            );
        }

        clinic.OpeningHours.Add(
            new OpeningHours
            {
                ClinicId = clinic.Id,
                Day = IsoDayOfWeek.Saturday,
                Open = new LocalTime(9, 0),
                Close = new LocalTime(13, 0),
            }
        );
        clinic.OnCall.Add(
            new OnCallContact
            {
                ClinicId = clinic.Id,
                Name = "On-call clinician",
                Email = "oncall@demo.local",
                Phone = "+12025550199",
                Position = 1,
            }
        );
        return clinic;
    }

    private static List<Patient> DemoPatients(Clinic clinic, Instant now)
    {
        (string First, string Last, int Year)[] people =
        [
            ("Alex", "Rivera", 1984),
            ("Sam", "Okafor", 1991),
            ("Jordan", "Lee", 1977),
            ("Casey", "Novak", 1969),
        ];
        return people
            .Select(
                (p, i) =>
                {
                    var patient = new Patient
                    {
                        ClinicId = clinic.Id,
                        FirstName = p.First,
                        LastName = p.Last,
                        DateOfBirth = new LocalDate(p.Year, 3 + i, 10 + i),
                        Email = $"{p.First.ToLowerInvariant()}.{p.Last.ToLowerInvariant()}@example.com",
                        Phone = $"+1202555011{i}",
                        TimeZoneId = clinic.TimeZoneId,
                        CreatedAt = now,
                    };
                    foreach (var channel in new[] { Channel.Email, Channel.Sms })
                    {
                        patient.Consent.Add(
                            new ConsentEntry
                            {
                                PatientId = patient.Id,
                                Channel = channel,
                                Granted = true,
                                RecordedAt = now,
                                Source = ConsentSource.FrontDesk,
                                Evidence = "Demo data: consent recorded at registration.",
                            }
                        );
                    }

                    return patient;
                }
            )
            .ToList();
    }

    /// <summary>Six sessions at 09:00 in chair 1, two days apart from the next weekday, skipping Sundays.</summary>
    private Series DemoSeries(Clinic clinic, Patient patient, ProtocolTemplate template, Instant now)
    {
        var zone = zones[clinic.TimeZoneId];
        var series = new Series
        {
            PatientId = patient.Id,
            ClinicId = clinic.Id,
            TemplateId = template.Id,
            TemplateCode = template.Code,
            CreatedAt = now,
        };
        var date = now.InZone(zone).Date.PlusDays(1);
        for (var number = 1; number <= template.SessionCount; number++)
        {
            while (!clinic.OpeningHours.Any(h => h.Day == date.DayOfWeek && h.Open <= new LocalTime(9, 0)))
            {
                date = date.PlusDays(1);
            }

            var start = date.At(new LocalTime(9, 0));
            var instant = start.InZoneLeniently(zone).ToInstant();
            series.Appointments.Add(
                new Appointment(
                    new SessionPlace(clinic.Chairs[0].Id, start, instant, instant + template.SessionDuration),
                    remsFormDueDays: null
                )
                {
                    SeriesId = series.Id,
                    PatientId = patient.Id,
                    ClinicId = clinic.Id,
                    Number = number,
                    Medication = template.Medication,
                    TimeZoneId = clinic.TimeZoneId,
                    CreatedAt = now,
                }
            );
            date = date.PlusDays(2);
        }

        return series;
    }
}

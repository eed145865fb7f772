using NodaTime;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Demo;

/// <summary>
/// Where synthetic patient i's six sessions go. Each clinic has 10 chairs; the first 8 × 6 daily slots of
/// 100 minutes are "lanes", the last two chairs stay free (a clinic about 80 % full, as a busy one is).
/// A series takes one lane on every second day for 11 days, so a lane holds two interleaved series (even
/// and odd days) per 12-day block; patient i gets clinic i mod C, then lane, parity and block in turn.
/// No two sessions ever share a chair or a patient.
/// </summary>
internal sealed class SyntheticLayout(
    IReadOnlyList<Clinic> clinics,
    ProtocolTemplate template,
    DateTimeZone zone,
    Instant now
)
{
    public const int Chairs = 10;
    private const int SlotsPerDay = 6;
    private const int Lanes = (Chairs - 2) * SlotsPerDay;
    private const int BlockDays = 12;
    private static readonly string[] FirstNames =
    [
        "Alex",
        "Sam",
        "Jordan",
        "Casey",
        "Morgan",
        "Riley",
        "Taylor",
        "Jamie",
        "Avery",
        "Quinn",
        "Harper",
        "Rowan",
    ];
    private static readonly string[] LastNames =
    [
        "Rivera",
        "Okafor",
        "Lee",
        "Novak",
        "Haddad",
        "Silva",
        "Kowalski",
        "Nguyen",
        "Mensah",
        "Fischer",
        "Patel",
        "Moreau",
    ];
    private readonly LocalDate _firstDay = now.InZone(zone).Date.PlusDays(-400);

    public void Add(int index, Random random, SyntheticRows rows)
    {
        var clinic = clinics[index % clinics.Count];
        var k = index / clinics.Count;
        var lane = k % Lanes;
        var block = k / Lanes;
        var startDay = ((block / 2) * BlockDays) + (block % 2);
        var chair = clinic.Chairs.Single(c => c.Number == (lane / SlotsPerDay) + 1);
        var time = new LocalTime(8, 0).PlusMinutes((lane % SlotsPerDay) * 100);

        var patient = NewPatient(clinic, index, random);
        var series = new Series
        {
            PatientId = patient.Id,
            ClinicId = clinic.Id,
            TemplateId = template.Id,
            TemplateCode = template.Code,
            CreatedAt = now,
        };
        for (var number = 1; number <= template.SessionCount; number++)
        {
            var local = _firstDay.PlusDays(startDay + ((number - 1) * 2)).At(time);
            var start = local.InZoneLeniently(zone).ToInstant();
            var end = start + template.SessionDuration;
            var appointment = new Appointment(new SessionPlace(chair.Id, local, start, end), remsFormDueDays: null)
            {
                SeriesId = series.Id,
                PatientId = patient.Id,
                ClinicId = clinic.Id,
                Number = number,
                Medication = template.Medication,
                TimeZoneId = zone.Id,
                CreatedAt = now,
            };
            if (end < now)
            {
                appointment.RecordRide(true, start);
                appointment.Arrive(start);
                appointment.Complete(end);
            }

            series.Appointments.Add(appointment);
        }

        series.Complete();
        rows.Patients.Add(patient);
        rows.Series.Add(series);
    }

    private Patient NewPatient(Clinic clinic, int index, Random random)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var patient = new Patient
        {
            ClinicId = clinic.Id,
            FirstName = first,
            LastName = last,
            DateOfBirth = new LocalDate(1950 + random.Next(55), 1 + random.Next(12), 1 + random.Next(28)),
            Email = $"{first}.{last}.{index}@example.com".ToLowerInvariant(),
            Phone = $"+1202555{100 + (index % 100):D4}",
            TimeZoneId = zone.Id,
            CreatedAt = now,
        };
        foreach (var channel in new[] { Channel.Email, Channel.Sms })
        {
            patient.Consent.Add(
                new ConsentEntry
                {
                    PatientId = patient.Id,
                    Channel = channel,
                    Granted = random.Next(10) > 0,
                    RecordedAt = now,
                    Source = ConsentSource.FrontDesk,
                    Evidence = "Synthetic data.",
                }
            );
        }

        return patient;
    }
}

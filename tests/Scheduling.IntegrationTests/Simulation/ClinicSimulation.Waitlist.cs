using System.Net;
using System.Net.Http.Json;
using NodaTime;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>
/// The waitlist in the simulated month (docs/simulation.md, "Waitlist"): a few patients at each clinic wait for a
/// booster at any time of the run; the cancellations the front desk makes free chair time, which the offer round
/// (the recurring job, run on the clock like the others) offers them by SMS; most answer YES after a few minutes,
/// some too late, and a patient who got a visit joins the waitlist again the next day.
/// </summary>
public sealed partial class ClinicSimulation
{
    private const int WaitingPerClinic = 3;
    private const string WaitlistTemplate = "ketamine-booster";

    private void SetUpWaitlist()
    {
        if (!_options.WaitlistRefills)
        {
            return;
        }

        foreach (var clinic in World.Clinics)
        {
            for (var i = 0; i < WaitingPerClinic; i++)
            {
                var patient = new SimPatient(
                    World.Patients.Count,
                    clinic,
                    DateTimeZoneProviders.Tzdb[clinic.PatientZone]
                );
                World.Patients.Add(patient);
                var at = BusinessTime(clinic, StartAt + Duration.FromHours(_random.Next(0, 48)));
                At(at, $"waitlist {patient.LastName}", () => JoinWaitlistAsync(patient));
            }
        }
    }

    private async Task JoinWaitlistAsync(SimPatient patient)
    {
        var phone = NewPhone();
        var email = $"{patient.LastName.ToLowerInvariant()}@example.com";
        var json = await _desk.CreatedAsync(
            "/api/patients",
            new
            {
                clinicId = patient.Clinic.Id,
                firstName = "Sam",
                lastName = patient.LastName,
                dateOfBirth = "1979-02-11",
                email,
                phone,
                consent = new { email = true, sms = true },
                timeZone = patient.Clinic.PatientZone,
            }
        );
        patient.Id = Guid.Parse(json.GetProperty("id").GetString()!);
        World.PatientsById[patient.Id] = patient;
        patient.Contacts.Add((Now, phone, email));
        await AddWaitlistEntryAsync(patient);
    }

    private async Task AddWaitlistEntryAsync(SimPatient patient)
    {
        var zone = DateTimeZoneProviders.Tzdb[patient.Clinic.ClinicZone];
        using var response = await _desk.PostAsJsonAsync(
            new Uri("/api/waitlist", UriKind.Relative),
            new
            {
                patientId = patient.Id,
                clinicId = patient.Clinic.Id,
                templateCode = WaitlistTemplate,
                earliest = Now.InZone(zone).Date.ToString("yyyy-MM-dd", null),
                latest = _end.InZone(zone).Date.ToString("yyyy-MM-dd", null),
            }
        );
        Log.Add(Now, "waitlist-add", $"{patient.LastName}: {(int)response.StatusCode}");
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvariantBrokenException(
                Log.Failure(Now, "WaitlistEntryAdded", [$"POST /api/waitlist answered {(int)response.StatusCode}"])
            );
        }
    }

    /// <summary>An offer of freed chair time: three in four answer YES in 3 to 40 minutes (it lasts 30).</summary>
    private bool ReactToOffer(SimPatient patient, string body)
    {
        if (!body.Contains("Reply YES to take it", StringComparison.Ordinal))
        {
            return false;
        }

        if (_random.NextDouble() < 0.75)
        {
            At(Now + Duration.FromMinutes(_random.Next(3, 41)), "waitlist-yes", () => AnswerOfferAsync(patient));
        }

        return true;
    }

    private async Task AnswerOfferAsync(SimPatient patient)
    {
        using var response = await _app.PostAsTwilioAsync(
            "/webhooks/twilio/sms",
            new Dictionary<string, string>
            {
                ["MessageSid"] = $"SM{_random.Next():x8}{_random.Next():x8}{_random.Next():x8}{_random.Next():x8}",
                ["AccountSid"] = FakeTwilioServer.DefaultAccountSid,
                ["From"] = patient.Phone,
                ["To"] = MessagingApp.SmsFrom,
                ["Body"] = "YES",
            }
        );
        var text = await response.Content.ReadAsStringAsync();
        var outcome =
            text.Contains("is yours", StringComparison.Ordinal) ? "booked"
            : text.Contains("already been taken", StringComparison.Ordinal) ? "taken"
            : text.Contains("has expired", StringComparison.Ordinal) ? "expired"
            : "other";
        Log.Add(Now, "waitlist-" + outcome, $"{patient.LastName}: {(int)response.StatusCode}");
        if (outcome == "booked")
        {
            At(Now + Duration.FromDays(1), "waitlist-again", () => AddWaitlistEntryAsync(patient));
        }
    }
}

/// <summary>The waitlist's share of the freed chair time, for the run's summary (docs/simulation.md).</summary>
internal static class WaitlistFigures
{
    public static async Task<string> SummaryAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE state = 'Filled'),
                   coalesce(sum(extract(epoch FROM "end" - start)), 0)::float8 / 3600,
                   coalesce(sum(extract(epoch FROM "end" - start)) FILTER (WHERE state = 'Filled'), 0)::float8 / 3600,
                   (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - created_at))
                       FILTER (WHERE state = 'Filled'))::float8 / 60
            FROM scheduling.chair_openings
            """
        );
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var freedHours = reader.GetDouble(2);
        var filledHours = reader.GetDouble(3);
        var share = freedHours > 0 ? filledHours / freedHours : 0;
        var median = reader.IsDBNull(4)
            ? "–"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reader.GetDouble(4):F0} min");
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return string.Create(
                culture,
                $"waitlist: {reader.GetInt64(0)} freed chair times ({freedHours:F1} chair hours), "
            )
            + string.Create(
                culture,
                $"{reader.GetInt64(1)} refilled ({filledHours:F1} h, {share:P0} of the freed hours); "
            )
            + $"median time from cancel to refill {median}";
    }
}

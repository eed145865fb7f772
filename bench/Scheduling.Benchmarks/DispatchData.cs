using NodaTime;
using Npgsql;

namespace Scheduling.Benchmarks;

/// <summary>
/// The dispatch benchmark's rows, written with set-based SQL: a clinic whose sending window is the whole
/// day (so the hour the benchmark runs at does not matter), one patient with a one-session series per
/// two burst messages (a booking confirmation by email and by SMS), and future reminders that must stay put.
/// </summary>
internal static class DispatchData
{
    public static async Task<Guid> CreateAsync(
        NpgsqlDataSource dataSource,
        int burst,
        int pending,
        Instant burstStart,
        Duration burstSpread,
        Instant now,
        string label
    )
    {
        var clinic = Guid.NewGuid();
        var chair = Guid.NewGuid();
        var patients = burst / 2;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO scheduling.clinics
                (id, name, time_zone_id, phone, sending_window_start, sending_window_end, created_at)
            VALUES (@clinic, @label, 'America/New_York', '+12025550100', '00:00', '23:59:59', @now);
            INSERT INTO scheduling.chairs (id, clinic_id, number, name) VALUES (@chair, @clinic, 1, 'Chair 1');
            DROP TABLE IF EXISTS bench_people;
            CREATE TEMP TABLE bench_people AS
                SELECT i, gen_random_uuid() AS patient, gen_random_uuid() AS series, gen_random_uuid() AS appointment
                FROM generate_series(1, @patients) AS i;
            INSERT INTO scheduling.patients (id, clinic_id, first_name, last_name, date_of_birth, email, phone,
                                             time_zone_id, language, phone_status, email_status, created_at)
                SELECT patient, @clinic, 'Bench', 'Patient' || i, '1980-01-01', 'bench' || i || '@example.com',
                       '+1202555' || lpad((i % 100 + 100)::text, 4, '0'),
                       'America/New_York', 'en', 'Valid', 'Valid', @now FROM bench_people;
            INSERT INTO scheduling.consent_ledger (id, patient_id, channel, granted, recorded_at, source, evidence)
                SELECT gen_random_uuid(), patient, c, true, @now, 'FrontDesk', 'Benchmark.'
                FROM bench_people, unnest(ARRAY['Email', 'Sms']) AS c;
            INSERT INTO scheduling.series (id, patient_id, clinic_id, template_id, template_code, state, created_at)
                SELECT series, patient, @clinic,
                       (SELECT id FROM scheduling.templates WHERE code = 'ketamine-booster' AND built_in),
                       'ketamine-booster', 'Active', @now
                FROM bench_people;
            INSERT INTO scheduling.appointments (id, series_id, patient_id, clinic_id, chair_id, number, medication,
                                                 local_start, time_zone_id, start_instant, end_instant, status,
                                                 revision, created_at)
                SELECT appointment, series, patient, @clinic, @chair, 1, 'KetamineIv',
                       timestamp '2027-01-04 09:00' + i * interval '2 hours', 'America/New_York',
                       timestamptz '2027-01-04 14:00Z' + i * interval '2 hours',
                       timestamptz '2027-01-04 15:40Z' + i * interval '2 hours', 'Booked', 0, @now
                FROM bench_people;
            INSERT INTO scheduling.messages (id, subject_id, plan_key, kind, channel, patient_id, due_at,
                                             next_attempt_at, not_after, urgent, state, attempts, created_at,
                                             updated_at)
                SELECT gen_random_uuid(), series, 'BookingConfirmation', 'BookingConfirmation', c, patient,
                       @burst_start + (i * @spread / @patients) * interval '1 microsecond',
                       @burst_start + (i * @spread / @patients) * interval '1 microsecond',
                       timestamptz '2027-01-01Z', false, 'Planned', 0, @now, @now
                FROM bench_people, unnest(ARRAY['Email', 'Sms']) AS c;
            INSERT INTO scheduling.messages (id, subject_id, plan_key, kind, channel, patient_id, due_at,
                                             next_attempt_at, not_after, urgent, state, attempts, created_at,
                                             updated_at)
                SELECT gen_random_uuid(), gen_random_uuid(), 'Reminder/1440m', 'Reminder',
                       CASE WHEN j % 2 = 0 THEN 'Email' ELSE 'Sms' END,
                       p.patient, @now + interval '7 days' + j * interval '1 second',
                       @now + interval '7 days' + j * interval '1 second',
                       timestamptz '2027-01-01Z', false, 'Planned', 0, @now, @now
                FROM generate_series(1, @pending) AS j JOIN bench_people p ON p.i = 1 + j % @patients;
            ANALYZE scheduling.messages;
            """,
            connection
        );
        command.Parameters.AddWithValue("clinic", clinic);
        command.Parameters.AddWithValue("chair", chair);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("patients", patients);
        command.Parameters.AddWithValue("burst_start", burstStart);
        command.Parameters.AddWithValue("spread", (long)(burstSpread.TotalMilliseconds * 1000));
        command.Parameters.AddWithValue("pending", pending);
        command.Parameters.AddWithValue("label", label);
        await command.ExecuteNonQueryAsync();
        return clinic;
    }
}

using Npgsql;
using NpgsqlTypes;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Patients;

namespace Scheduling.Core.Demo;

/// <summary>One batch of synthetic rows, written with binary COPY in foreign-key order.</summary>
internal sealed class SyntheticRows
{
    public List<Patient> Patients { get; } = [];
    public List<Series> Series { get; } = [];

    public async Task CopyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await CopyAsync(
            connection,
            "patients (id, clinic_id, first_name, last_name, date_of_birth, email, "
                + "phone, time_zone_id, language, phone_status, email_status, created_at)",
            Patients,
            p =>
                [
                    (p.Id, NpgsqlDbType.Uuid),
                    (p.ClinicId, NpgsqlDbType.Uuid),
                    (p.FirstName, NpgsqlDbType.Varchar),
                    (p.LastName, NpgsqlDbType.Varchar),
                    (p.DateOfBirth, NpgsqlDbType.Date),
                    (p.Email, NpgsqlDbType.Varchar),
                    (p.Phone, NpgsqlDbType.Varchar),
                    (p.TimeZoneId, NpgsqlDbType.Varchar),
                    (p.Language, NpgsqlDbType.Varchar),
                    (p.PhoneStatus.ToString(), NpgsqlDbType.Varchar),
                    (p.EmailStatus.ToString(), NpgsqlDbType.Varchar),
                    (p.CreatedAt, NpgsqlDbType.TimestampTz),
                ],
            cancellationToken
        );
        await CopyAsync(
            connection,
            "consent_ledger (id, patient_id, channel, granted, recorded_at, source, evidence)",
            Patients.SelectMany(p => p.Consent).ToList(),
            c =>
                [
                    (c.Id, NpgsqlDbType.Uuid),
                    (c.PatientId, NpgsqlDbType.Uuid),
                    (c.Channel.ToString(), NpgsqlDbType.Varchar),
                    (c.Granted, NpgsqlDbType.Boolean),
                    (c.RecordedAt, NpgsqlDbType.TimestampTz),
                    (c.Source.ToString(), NpgsqlDbType.Varchar),
                    (c.Evidence, NpgsqlDbType.Varchar),
                ],
            cancellationToken
        );
        await CopyAsync(
            connection,
            "series (id, patient_id, clinic_id, template_id, template_code, state, created_at)",
            Series,
            s =>
                [
                    (s.Id, NpgsqlDbType.Uuid),
                    (s.PatientId, NpgsqlDbType.Uuid),
                    (s.ClinicId, NpgsqlDbType.Uuid),
                    (s.TemplateId, NpgsqlDbType.Uuid),
                    (s.TemplateCode, NpgsqlDbType.Varchar),
                    (s.State.ToString(), NpgsqlDbType.Varchar),
                    (s.CreatedAt, NpgsqlDbType.TimestampTz),
                ],
            cancellationToken
        );
        await CopyAsync(
            connection,
            "appointments (id, series_id, patient_id, clinic_id, chair_id, number, medication, local_start, "
                + "time_zone_id, start_instant, end_instant, status, ride_confirmed, revision, created_at)",
            Series.SelectMany(s => s.Appointments).ToList(),
            a =>
                [
                    (a.Id, NpgsqlDbType.Uuid),
                    (a.SeriesId, NpgsqlDbType.Uuid),
                    (a.PatientId, NpgsqlDbType.Uuid),
                    (a.ClinicId, NpgsqlDbType.Uuid),
                    (a.ChairId, NpgsqlDbType.Uuid),
                    (a.Number, NpgsqlDbType.Integer),
                    (a.Medication.ToString(), NpgsqlDbType.Varchar),
                    (a.LocalStart, NpgsqlDbType.Timestamp),
                    (a.TimeZoneId, NpgsqlDbType.Varchar),
                    (a.StartInstant, NpgsqlDbType.TimestampTz),
                    (a.EndInstant, NpgsqlDbType.TimestampTz),
                    (a.Status.ToString(), NpgsqlDbType.Varchar),
                    (a.RideConfirmed, NpgsqlDbType.Boolean),
                    (a.Revision, NpgsqlDbType.Integer),
                    (a.CreatedAt, NpgsqlDbType.TimestampTz),
                ],
            cancellationToken
        );
    }

    private static async Task CopyAsync<T>(
        NpgsqlConnection connection,
        string target,
        List<T> rows,
        Func<T, (object? Value, NpgsqlDbType Type)[]> columns,
        CancellationToken cancellationToken
    )
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY scheduling.{target} FROM STDIN (FORMAT BINARY)",
            cancellationToken
        );
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var (value, type) in columns(row))
            {
                if (value is null)
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await writer.WriteAsync(value, type, cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }
}

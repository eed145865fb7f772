using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Templates;

/// <summary>
/// A built-in is never edited in place (docs/domain.md, "Protocols"): when the code's definition differs from
/// the newest stored version, migrate adds the next version beside it; series booked on the older version keep
/// it, new bookings take the newest, and a built-in that did not change is left alone.
/// </summary>
public sealed class BuiltInTemplateVersionTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private const string Code = BuiltInTemplates.KetamineIvInduction;

    [Fact]
    public async Task Migrate_AddsANewVersionOfAChangedBuiltIn_KeepingTheOldOneForTheSeriesBookedOnIt()
    {
        // A database from before the definition changed: the stored induction has four sessions up to a week
        // apart and no 2-hour SMS reminder, where the code now says six sessions at most four days apart.
        await ExecuteAsync(
            $"""
            UPDATE scheduling.templates SET session_count = 4, max_days_between = 7, name = 'IV induction (old)'
            WHERE code = '{Code}' AND clinic_id IS NULL;
            DELETE FROM scheduling.template_reminders r USING scheduling.templates t
            WHERE r.template_id = t.id AND t.code = '{Code}' AND r.before = interval '2 hours';
            """
        );
        using var booking = await BookingClient.CreateAsync(app);
        var oldSeries = await booking.Http.CreatedAsync("/api/series", booking.Series(Code, "2026-11-30T09:00"));
        var older = await StoredAsync();
        var oldSnapshot = await RowAsync(older.Single().Id);

        await app.Database.MigrateAsync();
        await app.Database.MigrateAsync();

        var versions = await StoredAsync();
        Assert.Equal([1, 2], versions.Select(t => t.Version));
        Assert.Equal(older.Single().Id, versions[0].Id);
        Assert.Equal(oldSnapshot, await RowAsync(versions[0].Id));
        var current = BuiltInTemplates.All(SchedulingApp.Start).Single(t => t.Code == Code);
        Assert.True(versions[1].SameDefinitionAs(current));
        Assert.True(versions[1].BuiltIn);
        Assert.Equal(versions[0].Id, await SeriesTemplateAsync(oldSeries.GetProperty("id").GetString()!));
        Assert.Equal(4, oldSeries.GetProperty("sessions").GetArrayLength());

        var patient = await booking.NewPatientAsync("Newer");
        var newSeries = await booking.Http.CreatedAsync(
            "/api/series",
            booking.Series(Code, "2026-12-14T09:00", patientId: patient)
        );
        Assert.Equal(versions[1].Id, await SeriesTemplateAsync(newSeries.GetProperty("id").GetString()!));
        Assert.Equal(6, newSeries.GetProperty("sessions").GetArrayLength());
        var listed = await booking.GetAsync($"/api/templates?clinicId={booking.ClinicId}");
        var induction = Assert.Single(listed.EnumerateArray(), t => t.GetProperty("code").GetString() == Code);
        Assert.Equal(versions[1].Id.ToString(), induction.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Migrate_LeavesUnchangedBuiltInsAlone()
    {
        var before = await AllBuiltInRowsAsync();

        await app.Database.MigrateAsync();

        Assert.Equal(before, await AllBuiltInRowsAsync());
        Assert.All(BuiltInTemplates.All(SchedulingApp.Start), t =>
            Assert.Contains(before.Keys, k => k.StartsWith(t.Code + "/", StringComparison.Ordinal))
        );
    }

    private async Task<List<ProtocolTemplate>> StoredAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return await db
            .Templates.AsNoTracking()
            .Where(t => t.Code == Code && t.ClinicId == null)
            .OrderBy(t => t.Version)
            .ToListAsync();
    }

    private async Task<Guid> SeriesTemplateAsync(string seriesId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return await db.Series.Where(s => s.Id == Guid.Parse(seriesId)).Select(s => s.TemplateId).SingleAsync();
    }

    /// <summary>The template's row and its rules as PostgreSQL renders them, to compare byte for byte.</summary>
    private async Task<string> RowAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT row_to_json(t)::text
              || (SELECT coalesce(json_agg(r ORDER BY r.channel, r.before)::text, '')
                  FROM scheduling.template_reminders r
                  WHERE r.template_id = t.id)
              || (SELECT coalesce(json_agg(f ORDER BY f.kind, f.after, f.sessions)::text, '')
                  FROM scheduling.template_follow_ups f WHERE f.template_id = t.id)
            FROM scheduling.templates t WHERE t.id = @id
            """,
            connection
        );
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Dictionary<string, string>> AllBuiltInRowsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in await db.Templates.AsNoTracking().Where(t => t.BuiltIn).ToListAsync())
        {
            rows[$"{t.Code}/{t.Version}"] = await RowAsync(t.Id);
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

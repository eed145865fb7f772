using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Audit;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Audit;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Audit;

/// <summary>
/// Every read of patient data, on the API and on the dashboard, leaves an audit row that names the patients
/// it showed in <c>patient_ids</c>, and the per-patient audit search finds it. A list is one row for the
/// whole request, however many patients it showed.
/// </summary>
public sealed class AuditCompletenessTests(AuditCompletenessTests.Clinic clinic)
    : IClassFixture<AuditCompletenessTests.Clinic>
{
    /// <summary>
    /// (who, how, path with {clinic}, {patient}, {series}, {session}, {survey}, {alert}, whether it is a list of both
    /// patients).
    /// </summary>
    public static TheoryData<string, string, string, bool> Reads =>
        new()
        {
            { Roles.FrontDesk, "api", "/api/patients?query=Alex", true },
            { Roles.FrontDesk, "api", "/api/patients/{patient}", false },
            { Roles.FrontDesk, "api", "/api/patients/{patient}/messages", false },
            { Roles.Clinician, "api", "/api/patients/{patient}/surveys", false },
            { Roles.Clinician, "api", "/api/surveys/{survey}", false },
            { Roles.FrontDesk, "api", "/api/series/{series}", false },
            { Roles.FrontDesk, "api", "/api/appointments?from=2026-11-30&to=2026-12-06&clinicId={clinic}", true },
            { Roles.Clinician, "api", "/api/alerts", true },
            { Roles.Clinician, "api", "/api/alerts?state=open", true },
            { Roles.Clinician, "api", "/api/alerts/{alert}", false },
            { Roles.Clinician, "api", "/api/work-items?list=booster", true },
            { Roles.FrontDesk, "page", "/patients?q=Alex", true },
            { Roles.FrontDesk, "page", "/patients/{patient}", false },
            { Roles.FrontDesk, "page", "/patients/{patient}/edit", false },
            { Roles.FrontDesk, "page", "/patients/{patient}/book", false },
            { Roles.FrontDesk, "page", "/sessions/{session}", false },
            { Roles.FrontDesk, "page", "/today?clinicId={clinic}&date=2026-11-30", true },
            { Roles.FrontDesk, "page", "/today/week?clinicId={clinic}&date=2026-11-30", true },
            { Roles.Clinician, "page", "/alerts", true },
            { Roles.Clinician, "page", "/alerts/{alert}", true },
            { Roles.Clinician, "page", "/worklists?clinicId={clinic}", true },
        };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task EveryReadOfPatientData_IsOneAuditRow_ThatThePatientSearchFinds(
        string role,
        string how,
        string path,
        bool list
    )
    {
        var url = clinic.Fill(path);
        using var client =
            how == "api" ? await SignIn.ApiClientAsync(clinic, role) : await SignIn.BrowserAsync(clinic, role);
        var before = await clinic.LastAuditIdAsync();

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        var written = await clinic.AuditAfterAsync(before);
        var found = (await clinic.SearchAsync(clinic.Patient)).Where(e => e.Id > before).ToList();
        Assert.True(
            found.Count > 0,
            $"GET {url} left no audit row the search for its patient finds: {Describe(written)}"
        );
        Assert.All(found, e => Assert.Contains(e.Action, new[] { AuditLog.Viewed, "searched" }));
        if (list)
        {
            var row = Assert.Single(written);
            Assert.Equal(new[] { clinic.Patient, clinic.Other }.Order(), row.PatientIds.Order());
            Assert.Contains(row.Id, (await clinic.SearchAsync(clinic.Other)).Select(e => e.Id));
            Assert.Null(row.PatientId);
        }
        else
        {
            Assert.All(written, e => Assert.Equal([clinic.Patient], e.PatientIds));
            Assert.All(written, e => Assert.Equal(clinic.Patient, e.PatientId));
        }
    }

    [Fact]
    public async Task TheAuditPage_ListsTheReadsThatShowedAPatient()
    {
        using var desk = await SignIn.BrowserAsync(clinic, Roles.FrontDesk);
        await desk.GetStringAsync(new Uri(clinic.Fill("/today?clinicId={clinic}&date=2026-11-30"), UriKind.Relative));
        using var admin = await SignIn.BrowserAsync(clinic, Roles.Admin);

        var page = await admin.GetStringAsync(
            new Uri($"/settings/audit?Ask.PatientId={clinic.Other}", UriKind.Relative)
        );

        Assert.Contains("Today " + clinic.ClinicId, page, StringComparison.Ordinal);
        Assert.Contains($"/patients/{clinic.Other}", page, StringComparison.Ordinal);
    }

    private static string Describe(IEnumerable<AuditEvent> rows) =>
        string.Join("; ", rows.Select(e => $"{e.Action} {e.EntityType} [{string.Join(",", e.PatientIds)}]"));

    /// <summary>
    /// A clinic with two patients named Alex, both booked on Monday 30 November 2026; the first with an
    /// open safety alert and a task on the booster list, the second with the same, so every list shows both.
    /// </summary>
    public sealed class Clinic : SchedulingApp
    {
        private readonly Dictionary<string, string> _ids = [];

        public Guid Patient { get; private set; }

        public Guid Other { get; private set; }

        public string ClinicId => _ids["clinic"];

        public string Fill(string path) =>
            _ids.Aggregate(path, (p, id) => p.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));

        public async Task<long> LastAuditIdAsync()
        {
            await using var scope = Services.CreateAsyncScope();
            return await scope
                .ServiceProvider.GetRequiredService<SchedulingDbContext>()
                .AuditEvents.MaxAsync(e => (long?)e.Id)
                ?? 0;
        }

        public async Task<IReadOnlyList<AuditEvent>> AuditAfterAsync(long id)
        {
            await using var scope = Services.CreateAsyncScope();
            return await scope
                .ServiceProvider.GetRequiredService<SchedulingDbContext>()
                .AuditEvents.AsNoTracking()
                .Where(e => e.Id > id)
                .OrderBy(e => e.Id)
                .ToListAsync();
        }

        public async Task<IReadOnlyList<AuditEvent>> SearchAsync(Guid patient)
        {
            await using var scope = Services.CreateAsyncScope();
            return await scope
                .ServiceProvider.GetRequiredService<AuditTrail>()
                .ForPatientAsync(patient, CancellationToken.None, 1000);
        }

        protected override async Task ReadyAsync()
        {
            using var booking = await BookingClient.CreateAsync(this);
            var other = await booking.NewPatientAsync("Moreno", "(202) 555-0112");
            var first = await booking.Http.CreatedAsync(
                "/api/series",
                booking.Series("ketamine-iv-induction", "2026-11-30T09:00")
            );
            await booking.Http.CreatedAsync(
                "/api/series",
                booking.Series("ketamine-iv-induction", "2026-11-30T11:00", patientId: other)
            );
            (Patient, Other) = (Guid.Parse(booking.PatientId), Guid.Parse(other));
            _ids["clinic"] = booking.ClinicId;
            _ids["patient"] = booking.PatientId;
            _ids["series"] = first.GetProperty("id").GetString()!;
            _ids["session"] = first.GetProperty("sessions")[0].GetProperty("id").GetString()!;

            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var clinicId = Guid.Parse(booking.ClinicId);
            _ids["survey"] = (await db.Surveys.FirstAsync(s => s.PatientId == Patient)).Id.ToString();
            var alerts = new[] { Patient, Other }
                .Select(p => new SafetyAlert
                {
                    PatientId = p,
                    ClinicId = clinicId,
                    Kind = AlertKind.SelfHarmRisk,
                    CreatedAt = Clock.GetCurrentInstant(),
                })
                .ToList();
            db.Alerts.AddRange(alerts);
            db.WorkItems.AddRange(
                new[] { Patient, Other }.Select(p =>
                    WorkItem.Open(
                        new WorkItemOpening(clinicId, p, WorkItemKind.BoosterMayBeDue, p, "A task."),
                        Clock.GetCurrentInstant()
                    )
                )
            );
            await db.SaveChangesAsync();
            _ids["alert"] = alerts[0].Id.ToString();
        }
    }
}

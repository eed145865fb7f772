using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Alerts;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>
/// POST/PUT/DELETE /api/clinics/{id}/on-call: who gets safety alerts, and that an alert in flight still reaches
/// someone.
/// </summary>
public sealed class OnCallApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static readonly object NightNurse = new
    {
        name = "Night nurse",
        email = "night@clinic.test",
        phone = "(202) 555-0177",
    };

    [Fact]
    public async Task Contacts_AreAddedEditedAndRemoved_WithPhonesInE164_AndAudited()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var added = await admin.CreatedAsync($"/api/clinics/{booking.ClinicId}/on-call", NightNurse);
        var id = added.GetProperty("id").GetString();
        var edited = await admin.PutAsJsonAsync(
            new Uri($"/api/clinics/{booking.ClinicId}/on-call/{id}", UriKind.Relative),
            new
            {
                name = "Night nurse",
                email = "nights@clinic.test",
                phone = "+44 7911 123456",
            }
        );
        var editedContact = await edited.Content.ReadFromJsonAsync<JsonElement>();
        var first = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}"))
            .GetProperty("onCall")
            .EnumerateArray()
            .Single(o => o.GetProperty("id").GetString() != id)
            .GetProperty("id")
            .GetString();
        var removed = await admin.DeleteAsync(
            new Uri($"/api/clinics/{booking.ClinicId}/on-call/{first}", UriKind.Relative)
        );

        Assert.Equal("+12025550177", added.GetProperty("phone").GetString());
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("+447911123456", editedContact.GetProperty("phone").GetString());
        Assert.Equal("nights@clinic.test", editedContact.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var onCall = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("onCall");
        Assert.Equal([id], onCall.EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var actions = await db
            .AuditEvents.Where(a => a.EntityId == booking.ClinicId && a.Action.StartsWith("on-call-"))
            .Select(a => a.Action)
            .ToListAsync();
        Assert.Equal(["on-call-added", "on-call-changed", "on-call-removed"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Contacts_Return400NamingEachBadField_AndWriteNothing()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var contact = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("onCall")[0];
        var bad = new
        {
            name = "",
            email = "not-an-email",
            phone = "abc",
        };

        var add = await (
            await admin.PostAsJsonAsync(new Uri($"/api/clinics/{booking.ClinicId}/on-call", UriKind.Relative), bad)
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var edit = await (
            await admin.PutAsJsonAsync(
                new Uri(
                    $"/api/clinics/{booking.ClinicId}/on-call/{contact.GetProperty("id").GetString()}",
                    UriKind.Relative
                ),
                bad
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["email", "name", "phone"], add.ErrorFields().Order(StringComparer.Ordinal));
        Assert.Equal(["email", "name", "phone"], edit.ErrorFields().Order(StringComparer.Ordinal));
        var onCall = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("onCall");
        Assert.Equal(1, onCall.GetArrayLength());
        Assert.Equal(contact.GetProperty("email").GetString(), onCall[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task Contacts_Return404ForUnknownIds_And403ForOtherRoles()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);
        var contact = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}"))
            .GetProperty("onCall")[0]
            .GetProperty("id")
            .GetString();

        await (
            await admin.PostAsJsonAsync(new Uri($"/api/clinics/{Guid.NewGuid()}/on-call", UriKind.Relative), NightNurse)
        ).ProblemAsync(HttpStatusCode.NotFound);
        await (
            await admin.PutAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/on-call/{Guid.NewGuid()}", UriKind.Relative),
                NightNurse
            )
        ).ProblemAsync(HttpStatusCode.NotFound);
        await (
            await admin.DeleteAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/on-call/{Guid.NewGuid()}", UriKind.Relative)
            )
        ).ProblemAsync(HttpStatusCode.NotFound);
        var forbidden = new[]
        {
            await clinician.PostAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/on-call", UriKind.Relative),
                NightNurse
            ),
            await clinician.PutAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/on-call/{contact}", UriKind.Relative),
                NightNurse
            ),
            await clinician.DeleteAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/on-call/{contact}", UriKind.Relative)
            ),
        };

        Assert.All(forbidden, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(
            1,
            (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("onCall").GetArrayLength()
        );
    }

    [Fact]
    public async Task Remove_Returns409ForTheLastContact_SoAnAlertAlwaysReachesSomeone()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var contact = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}"))
            .GetProperty("onCall")[0]
            .GetProperty("id")
            .GetString();

        var problem = await (
            await admin.DeleteAsync(new Uri($"/api/clinics/{booking.ClinicId}/on-call/{contact}", UriKind.Relative))
        ).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("only on-call contact", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            1,
            (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("onCall").GetArrayLength()
        );
    }

    [Fact]
    public async Task Remove_LeavesPagesInFlightPlanned_AndNewAlertsPageOnlyWhoIsStillOnCall()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var leaving = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}"))
            .GetProperty("onCall")[0]
            .GetProperty("id")
            .GetGuid();
        var staying = (await admin.CreatedAsync($"/api/clinics/{booking.ClinicId}/on-call", NightNurse))
            .GetProperty("id")
            .GetGuid();
        var before = await RaiseSelfHarmAlertAsync(booking, SurveyOccasion.Baseline);

        var removal = await (
            await admin.DeleteAsync(new Uri($"/api/clinics/{booking.ClinicId}/on-call/{leaving}", UriKind.Relative))
        ).Content.ReadFromJsonAsync<JsonElement>();
        var after = await RaiseSelfHarmAlertAsync(booking, SurveyOccasion.MidSeries);

        Assert.Equal(2, removal.GetProperty("pagesStillPlanned").GetInt32());
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var pages = await db
            .Messages.AsNoTracking()
            .Where(m => m.AlertId == before || m.AlertId == after)
            .ToListAsync();
        Assert.Equal(
            2,
            pages.Count(m => m.AlertId == before && m.OnCallContactId == leaving && m.State == MessageState.Planned)
        );
        Assert.Equal([staying, staying], pages.Where(m => m.AlertId == after).Select(m => m.OnCallContactId!.Value));
        Assert.True(
            await db.Set<Scheduling.Domain.Clinics.OnCallContact>()
                .AnyAsync(c => c.Id == leaving && c.RemovedAt != null)
        );
    }

    private async Task<Guid> RaiseSelfHarmAlertAsync(BookingClient booking, SurveyOccasion occasion)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var now = app.Clock.GetCurrentInstant();
        var patientId = Guid.Parse(booking.PatientId);
        var survey = Survey.Plan(
            new SurveyPlan(
                patientId,
                null,
                null,
                patientId,
                Instrument.Phq9,
                "1",
                occasion,
                now,
                now + NodaTime.Duration.FromDays(3)
            ),
            reachable: true,
            now
        );
        survey.Complete(now, null, null, []);
        db.Surveys.Add(survey);
        var clinic = await db
            .Clinics.AsNoTracking()
            .Include(c => c.OnCall)
            .SingleAsync(c => c.Id == Guid.Parse(booking.ClinicId));
        var (alert, _) = await scope
            .ServiceProvider.GetRequiredService<SafetyAlerts>()
            .RaiseAsync(survey, clinic, AlertKind.SelfHarmRisk, CancellationToken.None);
        await db.SaveChangesAsync();
        return alert!.Id;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Clinics;

/// <summary>
/// docs/api-contract.md, "Nothing silent": a clinic speaks by its messageName, refused at save when the name
/// messages would use, or any wording with it, fails the discretion check; at least one on-call contact has a
/// phone; patients' contacts are read by the parsers the senders use. Each refusal names its field.
/// </summary>
public sealed partial class DiscreetClinicTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private const string LegalName = "Ketamine Wellness Center";
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);

    private static Dictionary<string, object?> Clinic(string name, string? messageName = null, object? onCall = null)
    {
        var body = JsonSerializer
            .SerializeToElement(ApiFixtures.NewYorkClinic(name: name))
            .Deserialize<Dictionary<string, object?>>()!;
        body["messageName"] = messageName;
        if (onCall is not null)
        {
            body["onCall"] = onCall;
        }

        return body;
    }

    [Fact]
    public async Task Create_IsRefusedWithMessageName_WhenTheLegalNameWouldGoIntoMessages()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var refused = await (
            await admin.PostAsJsonAsync(new Uri("/api/clinics", UriKind.Relative), Clinic(LegalName))
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var indiscreetMessageName = await (
            await admin.PostAsJsonAsync(
                new Uri("/api/clinics", UriKind.Relative),
                Clinic("Harbor", "Harbor Depression Care")
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var created = await admin.CreatedAsync("/api/clinics", Clinic(LegalName, "Wellness Center"));

        Assert.Equal(["messageName"], refused.ErrorFields());
        Assert.Contains(
            "Ketamine",
            refused.GetProperty("errors").GetProperty("messageName")[0].GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal(["messageName"], indiscreetMessageName.ErrorFields());
        Assert.Equal(LegalName, created.GetProperty("name").GetString());
        Assert.Equal("Wellness Center", created.GetProperty("messageName").GetString());
        Assert.Equal("Wellness Center", created.GetProperty("nameInMessages").GetString());
        var plain = await admin.CreatedAsync("/api/clinics", Clinic("Harbor Infusion Clinic"));
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("messageName").ValueKind);
        Assert.Equal("Harbor Infusion Clinic", plain.GetProperty("nameInMessages").GetString());
    }

    [Fact]
    public async Task Create_IsRefusedWithOnCall_WhenNobodyWithAPhoneIsOnCall()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var none = await (
            await admin.PostAsJsonAsync(
                new Uri("/api/clinics", UriKind.Relative),
                Clinic("Harbor", onCall: Array.Empty<object>())
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var landline = await (
            await admin.PostAsJsonAsync(
                new Uri("/api/clinics", UriKind.Relative),
                Clinic(
                    "Harbor",
                    onCall: new[]
                    {
                        new
                        {
                            name = "Desk",
                            email = "desk@clinic.test",
                            phone = "+44 20 7946 0958",
                        },
                    }
                )
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["onCall"], none.ErrorFields());
        Assert.Equal(["onCall[0].phone"], landline.ErrorFields());
    }

    [Fact]
    public async Task Put_EditsWhatPostSet_WithTheSameChecks()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", Clinic("Harbor Infusion Clinic"));
        var path = new Uri($"/api/clinics/{clinic.GetProperty("id").GetString()}", UriKind.Relative);

        var renamed = await admin.PutAsJsonAsync(
            path,
            Clinic(
                LegalName,
                "Wellness Center",
                new[]
                {
                    new
                    {
                        name = "On-call clinician",
                        email = "oncall@clinic.test",
                        phone = "+1 202 555 0199",
                    },
                    new
                    {
                        name = "Night nurse",
                        email = "night@clinic.test",
                        phone = "(202) 555-0177",
                    },
                }
            )
        );
        var withoutMessageName = await (await admin.PutAsJsonAsync(path, Clinic(LegalName))).ProblemAsync(
            HttpStatusCode.BadRequest
        );
        var noOnCall = await (
            await admin.PutAsJsonAsync(path, Clinic("Harbor", onCall: Array.Empty<object>()))
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var badEmail = await (
            await admin.PutAsJsonAsync(
                path,
                Clinic(
                    "Harbor",
                    onCall: new[]
                    {
                        new
                        {
                            name = "A",
                            email = "jane(@example.com",
                            phone = "(202) 555-0177",
                        },
                    }
                )
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var fewerChairs = await (
            await admin.PutAsJsonAsync(path, JsonSerializer.SerializeToElement(ApiFixtures.NewYorkClinic(chairs: 1)))
        ).ProblemAsync(HttpStatusCode.Conflict);
        await (
            await admin.PutAsJsonAsync(new Uri($"/api/clinics/{Guid.NewGuid()}", UriKind.Relative), Clinic("Harbor"))
        ).ProblemAsync(HttpStatusCode.NotFound);
        using var desk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        var forbidden = await desk.PutAsJsonAsync(path, Clinic("Harbor"));

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var saved = await admin.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal("Wellness Center", saved.GetProperty("nameInMessages").GetString());
        Assert.Equal(2, saved.GetProperty("onCall").GetArrayLength());
        Assert.Equal(["messageName"], withoutMessageName.ErrorFields());
        Assert.Equal(["onCall"], noOnCall.ErrorFields());
        Assert.Equal(["onCall[0].email"], badEmail.ErrorFields());
        Assert.Equal(["chairs"], fewerChairs.ErrorFields());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(
            "Wellness Center",
            (await admin.GetFromJsonAsync<JsonElement>(path)).GetProperty("nameInMessages").GetString()
        );
    }

    [Fact]
    public async Task Wording_IsCheckedWithTheClinicsName_AndTheNameWithTheClinicsWording()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", Clinic("Bright Mental", "Bright"));
        var id = clinic.GetProperty("id").GetString();
        var wording = new Uri($"/api/clinics/{id}/message-templates/Reminder/Sms", UriKind.Relative);

        var saved = await admin.PutAsJsonAsync(
            wording,
            new { body = "{{ clinic }} health team: see you {{ date }} at {{ time }}." }
        );
        var rename = await (
            await admin.PutAsJsonAsync(new Uri($"/api/clinics/{id}", UriKind.Relative), Clinic("Bright Mental"))
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var other = await admin.CreatedAsync("/api/clinics", Clinic("Bright Mental"));
        var refused = await (
            await admin.PutAsJsonAsync(
                new Uri(
                    $"/api/clinics/{other.GetProperty("id").GetString()}/message-templates/Reminder/Sms",
                    UriKind.Relative
                ),
                new { body = "{{ clinic }} health team: see you {{ date }} at {{ time }}." }
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(["messageName"], rename.ErrorFields());
        Assert.Contains(
            "Reminder by Sms",
            rename.GetProperty("errors").GetProperty("messageName")[0].GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal(["body"], refused.ErrorFields());
        Assert.Contains(
            "mental health",
            refused.GetProperty("errors").GetProperty("body")[0].GetString(),
            StringComparison.OrdinalIgnoreCase
        );
    }

    [Fact]
    public async Task Reminders_CarryTheMessageName_NeverTheLegalName()
    {
        app.Clock.Reset(MorningInNewYork);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        using var desk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        var clinicId = (await admin.CreatedAsync("/api/clinics", Clinic(LegalName, "Wellness Center")))
            .GetProperty("id")
            .GetString()!;
        var patient = Guid.Parse(
            (
                await desk.CreatedAsync(
                    "/api/patients",
                    ApiFixtures.Patient(clinicId, "Wellness", phone: "(202) 555-0161")
                )
            )
                .GetProperty("id")
                .GetString()!
        );
        await desk.CreatedAsync(
            "/api/series",
            new
            {
                patientId = patient,
                clinicId,
                templateCode = "ketamine-iv-induction",
                firstSessionStart = "2026-12-07T09:00",
            }
        );
        await app.DispatchAsync();
        var reminder = await FirstSmsReminderAsync(patient);

        app.Clock.Reset(reminder.DueAt);
        await app.DispatchAsync();

        var texts = app.Twilio.Messages.Where(m => m.To == "+12025550161").Select(m => m.Form["Body"]).ToList();
        var reminderText = Assert.Single(texts, t => t.Contains("reminder of your visit", StringComparison.Ordinal));
        Assert.StartsWith(
            "Wellness Center: reminder of your visit on Monday, December 7",
            reminderText,
            StringComparison.Ordinal
        );
        Assert.Contains(texts, t =>
            t.StartsWith("Wellness Center: your 6 visits are booked", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(texts, t => t.Contains("Ketamine", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("email", "jane(@example.com", "(202) 555-0111")]
    [InlineData("email", "Jane <jane@example.com>", "(202) 555-0111")]
    [InlineData("phone", "jane@example.com", "+44 20 7946 0958")]
    [InlineData("phone", "jane@example.com", "+1 800 555 0199")]
    public async Task Patients_AreRefusedANamedField_WhenTheSenderCouldNotUseTheContact(
        string field,
        string email,
        string phone
    )
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        using var desk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        var clinicId = (await admin.CreatedAsync("/api/clinics", Clinic("Harbor Infusion Clinic")))
            .GetProperty("id")
            .GetString()!;
        var patient = (await desk.CreatedAsync("/api/patients", ApiFixtures.Patient(clinicId)))
            .GetProperty("id")
            .GetString()!;
        var body = new
        {
            clinicId,
            firstName = "Jane",
            lastName = "Doe",
            dateOfBirth = "1980-01-01",
            email,
            phone,
            consent = new { email = true, sms = true },
        };

        var registered = await (
            await desk.PostAsJsonAsync(new Uri("/api/patients", UriKind.Relative), body)
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var corrected = await (
            await desk.PutAsJsonAsync(new Uri($"/api/patients/{patient}", UriKind.Relative), body)
        ).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], registered.ErrorFields());
        Assert.Equal([field], corrected.ErrorFields());
        Assert.Equal(
            "alex.rivera@example.com",
            (await desk.GetFromJsonAsync<JsonElement>(new Uri($"/api/patients/{patient}", UriKind.Relative)))
                .GetProperty("email")
                .GetString()
        );
    }

    [Fact]
    public async Task Pages_ShowTheRefusals_BesideTheForm()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinicId = (await admin.CreatedAsync("/api/clinics", Clinic("Harbor Infusion Clinic")))
            .GetProperty("id")
            .GetString()!;
        using var frontDesk = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        using var settings = await SignIn.BrowserAsync(app, Roles.Admin);

        var register = await PostFormAsync(
            frontDesk,
            "/patients/new",
            "/patients/new",
            new()
            {
                ["Input.ClinicId"] = clinicId,
                ["Input.FirstName"] = "Jane",
                ["Input.LastName"] = "Doe",
                ["Input.DateOfBirth"] = "1980-01-01",
                ["Input.Email"] = "jane(@example.com",
                ["Input.Phone"] = "+44 20 7946 0958",
                ["Input.ConsentEmail"] = "true",
                ["Input.ConsentSms"] = "true",
            }
        );
        var refusedName = await PostFormAsync(
            settings,
            "/settings",
            "/settings?handler=Names",
            new()
            {
                ["clinicId"] = clinicId,
                ["name"] = LegalName,
                ["messageName"] = "",
            }
        );
        var savedName = await PostFormAsync(
            settings,
            "/settings",
            "/settings?handler=Names",
            new()
            {
                ["clinicId"] = clinicId,
                ["name"] = LegalName,
                ["messageName"] = "Wellness Center",
            }
        );

        var registerHtml = WebUtility.HtmlDecode(await register.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Contains("Expected one email address such as name@example.com.", registerHtml, StringComparison.Ordinal);
        Assert.Contains("Expected a mobile number that can receive texts", registerHtml, StringComparison.Ordinal);
        Assert.Contains(
            "give a messageName without it",
            WebUtility.HtmlDecode(await refusedName.Content.ReadAsStringAsync()),
            StringComparison.OrdinalIgnoreCase
        );
        Assert.Contains(
            "Messages call the clinic Wellness Center.",
            WebUtility.HtmlDecode(await savedName.Content.ReadAsStringAsync()),
            StringComparison.Ordinal
        );
        var clinic = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/clinics/{clinicId}", UriKind.Relative));
        Assert.Equal("Wellness Center", clinic.GetProperty("messageName").GetString());
    }

    [Fact]
    public async Task Settings_WarnsOfAClinicSavedBeforeNamesWereChecked()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            db.Clinics.Add(
                new Scheduling.Domain.Clinics.Clinic
                {
                    Name = "Lakeside Depression Clinic",
                    TimeZoneId = "America/New_York",
                    Phone = "+12025550100",
                    CreatedAt = app.Clock.GetCurrentInstant(),
                }
            );
            await db.SaveChangesAsync();
        }

        using var settings = await SignIn.BrowserAsync(app, Roles.Admin);
        var html = WebUtility.HtmlDecode(await settings.GetStringAsync(new Uri("/settings", UriKind.Relative)));

        Assert.Contains(
            "Messages call Lakeside Depression Clinic \"Lakeside Depression Clinic\", which names Depression",
            html,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task OpenApiDocument_DescribesPutAndMessageName()
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.True(document.GetProperty("paths").GetProperty("/api/clinics/{id}").TryGetProperty("put", out var put));
        Assert.Contains("errors.messageName", put.GetProperty("description").GetString(), StringComparison.Ordinal);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ClinicInput").GetProperty("properties").TryGetProperty("messageName", out _));
        Assert.True(
            schemas.GetProperty("ClinicView").GetProperty("properties").TryGetProperty("nameInMessages", out _)
        );
    }

    private async Task<PlannedMessage> FirstSmsReminderAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return await db
            .Messages.AsNoTracking()
            .Where(m => m.PatientId == patient && m.Kind == MessageKind.Reminder && m.Channel == Channel.Sms)
            .OrderBy(m => m.DueAt)
            .FirstAsync();
    }

    private static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient browser,
        string page,
        string action,
        Dictionary<string, string> fields
    )
    {
        var html = await browser.GetStringAsync(new Uri(page, UriKind.Relative));
        fields["__RequestVerificationToken"] = Token().Match(html).Groups["token"].Value;
        using var form = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(new Uri(action, UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Token();
}

using System.Net.Http.Json;
using System.Text.Json;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>A front desk with a clinic and a patient of its own, talking to the API.</summary>
public sealed class BookingClient : IDisposable
{
    private BookingClient(HttpClient http, string clinicId, string patientId)
    {
        Http = http;
        ClinicId = clinicId;
        PatientId = patientId;
    }

    public HttpClient Http { get; }
    public string ClinicId { get; }
    public string PatientId { get; }

    public static async Task<BookingClient> CreateAsync(SchedulingApp app, int chairs = 2, object[]? onCall = null)
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(chairs, onCall: onCall));
        var http = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        var clinicId = clinic.GetProperty("id").GetString()!;
        var patient = await http.CreatedAsync("/api/patients", ApiFixtures.Patient(clinicId));
        return new BookingClient(http, clinicId, patient.GetProperty("id").GetString()!);
    }

    public async Task<string> NewPatientAsync(string lastName, string phone = "(202) 555-0111") =>
        (await Http.CreatedAsync("/api/patients", ApiFixtures.Patient(ClinicId, lastName, phone: phone)))
            .GetProperty("id")
            .GetString()!;

    public object Series(string template, string first, string[]? starts = null, string? patientId = null) =>
        new
        {
            patientId = patientId ?? PatientId,
            clinicId = ClinicId,
            templateCode = template,
            firstSessionStart = first,
            sessionStarts = starts,
        };

    public Task<HttpResponseMessage> PostAsync(string path, object body) =>
        Http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public Task<JsonElement> GetAsync(string path) =>
        Http.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

    public void Dispose() => Http.Dispose();
}

using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Core.Patients;
using Scheduling.Domain.Clinics;

namespace Scheduling.Web.Api.Contracts.Patients;

/// <summary>
/// /api/patients over the wire (and the patient pages, which send the same). A patient's details are read against
/// their clinic, so the clinic comes first from the use case (<see cref="PatientRegistry.ClinicAsync"/>,
/// <see cref="PatientDetails.ClinicOfAsync"/>); the details are read here into <see cref="PatientFacts"/>, and the
/// use case stores them. No body or no clinic is refused before the fields are read, as it always was.
/// </summary>
public sealed class PatientRequests(
    PatientRegistry registry,
    PatientDetails details,
    IDateTimeZoneProvider zones,
    IClock clock
)
{
    public async Task<Outcome<PatientView>> RegisterAsync(PatientInput? input, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (input is null || !problems.Require("clinicId", input.ClinicId))
        {
            problems.Require("body", input);
            return Outcome<PatientView>.Invalid(problems.ToDictionary());
        }

        var clinicId = input.ClinicId!.Value;
        if (await registry.ClinicAsync(clinicId, cancellationToken) is not { } clinic)
        {
            return Outcome<PatientView>.Invalid("clinicId", $"There is no clinic {clinicId}.");
        }

        var context = Context(clinic);
        var facts = PatientReading.Read(
            input.FirstName,
            input.LastName,
            input.DateOfBirth,
            input.Email,
            input.Phone,
            input.Consent,
            input.Language,
            context,
            problems
        );
        var zone = input.TimeZone is null ? context.Zone : Wire.Zone(input.TimeZone, "timeZone", zones, problems);
        problems.Require("consent", input.Consent);
        return problems.Any
            ? Outcome<PatientView>.Invalid(problems.ToDictionary())
            : await registry
                .RegisterAsync(new NewPatient(clinicId, facts!, zone), cancellationToken)
                .ToWire(PatientView.From);
    }

    public async Task<IReadOnlyList<PatientView>> SearchAsync(string? query, CancellationToken cancellationToken) =>
        [.. (await registry.SearchAsync(query, cancellationToken)).Select(PatientView.From)];

    /// <summary>The patient list before a search: the patients most recently seen or booked.</summary>
    public async Task<IReadOnlyList<PatientView>> RecentAsync(int count, CancellationToken cancellationToken) =>
        [.. (await registry.RecentAsync(count, cancellationToken)).Select(PatientView.From)];

    public Task<Outcome<PatientView>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        registry.GetAsync(id, cancellationToken).ToWire(PatientView.From);

    public async Task<Outcome<PatientView>> UpdateAsync(
        Guid id,
        PatientUpdate? input,
        CancellationToken cancellationToken
    )
    {
        if (input is null)
        {
            return Outcome<PatientView>.Invalid("body", "A patient is required.");
        }

        if (await details.ClinicOfAsync(id, cancellationToken) is not { } clinic)
        {
            return Outcome<PatientView>.NotFound($"There is no patient {id}.");
        }

        var problems = new Problems();
        var facts = PatientReading.Read(
            input.FirstName,
            input.LastName,
            input.DateOfBirth,
            input.Email,
            input.Phone,
            input.Consent,
            input.Language,
            Context(clinic),
            problems
        );
        return facts is null
            ? Outcome<PatientView>.Invalid(problems.ToDictionary())
            : await details.UpdateAsync(id, facts, cancellationToken).ToWire(PatientView.From);
    }

    private PatientReading.ClinicContext Context(Clinic clinic)
    {
        var zone = zones[clinic.TimeZoneId];
        return new(ContactDetails.RegionOf(clinic.Phone), zone, clock.GetCurrentInstant().InZone(zone).Date);
    }
}

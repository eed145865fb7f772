using Scheduling.Core.Identity;
using Scheduling.Core.Messaging;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Messaging;
using Scheduling.Web.Api.Contracts.Patients;

namespace Scheduling.Web.Api;

public static class PatientEndpoints
{
    private const string Contacts =
        "email must be one address MimeKit reads in strict mode, with a domain (400 errors.email); "
        + "phone, in any common format, "
        + "a valid number libphonenumber types as mobile or fixed-line-or-mobile, one an SMS "
        + "can reach (400 errors.phone). These are the parsers the email and SMS senders use.";

    public static void MapPatientEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var patients = endpoints.MapGroup("/api/patients").WithTags("Patients").RequireAuthorization(Policies.CareTeam);
        patients
            .MapPost("/", async (PatientInput? input, PatientRequests patients, CancellationToken cancellationToken) =>
                (await patients.RegisterAsync(input, cancellationToken)).Created(p => $"/api/patients/{p.Id}")
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<PatientView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary(
                "Register a patient; the phone is stored in E.164 and consent per channel goes into the ledger."
            )
            .WithDescription(Contacts);
        patients
            .MapGet("/", async (string? query, PatientRequests patients, CancellationToken cancellationToken) =>
                TypedResults.Ok(await patients.SearchAsync(query, cancellationToken))
            )
            .WithSummary("Find patients by name, email or phone digits (at most 50).");
        patients
            .MapGet("/{id:guid}", async (Guid id, PatientRequests patients, CancellationToken cancellationToken) =>
                (await patients.GetAsync(id, cancellationToken)).ToHttp()
            )
            .Produces<PatientView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One patient with the consent ledger.");
        patients
            .MapPut(
                "/{id:guid}",
                async (Guid id, PatientUpdate? input, PatientRequests patients, CancellationToken cancellationToken) =>
                    (await patients.UpdateAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<PatientView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "Correct a patient's names, date of birth, email, phone and language; "
                    + "a changed consent is a new ledger entry. Audited by field name."
            )
            .WithDescription(Contacts);
        patients
            .MapGet(
                "/{id:guid}/messages",
                async (Guid id, MessageHistory history, CancellationToken cancellationToken) =>
                    (await history.ForPatientAsync(id, cancellationToken).ToWire(MessageView.ListOf)).ToHttp()
            )
            .Produces<IReadOnlyList<MessageView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "Every planned or sent message of the patient with its state (Planned, Sending, Sent, "
                    + "Delivered, Failed, Unknown, Suppressed), reason, attempts, last error and provider id."
            )
            .WithDescription(
                "`held` is true for a planned reminder SMS that the frequency caps will hold back when it is due, "
                    + "with `reason` `FrequencyCap`: the same rule, over the same rows, as the booking preview, the "
                    + "patient page and the dispatcher. `reason` otherwise says why a message was suppressed or failed."
            );
    }
}

using Scheduling.Core.Clinics;
using Scheduling.Core.Identity;
using Scheduling.Web.Api.Contracts.Clinics;

namespace Scheduling.Web.Api;

public static class ClinicEndpoints
{
    private const string NamesAndOnCall =
        "messageName (optional) is what every message to patients and every on-call page "
        + "calls the clinic; absent, they use name. "
        + "400 with errors.messageName when that name, or any wording that applies "
        + "at the clinic rendered with it, would name a drug or a diagnosis; "
        + "400 with errors.onCall when no on-call contact "
        + "has a mobile phone. On-call emails and phones are read as patients' are (MimeKit, libphonenumber). "
        + "cancelNotice (optional, ISO 8601 such as PT24H) is how long before a session a patient may still "
        + "cancel from their own link: from PT0S to P30D (400 with errors.cancelNotice otherwise); absent, "
        + "PT24H for a new clinic and unchanged by PUT.";

    public static void MapClinicEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var clinics = endpoints.MapGroup("/api/clinics").WithTags("Clinics");
        clinics
            .MapPost("/", async (ClinicInput? input, ClinicRequests clinics, CancellationToken cancellationToken) =>
                (await clinics.CreateAsync(input, cancellationToken)).Created(c => $"/api/clinics/{c.Id}")
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<ClinicView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary(
                "Create a clinic with its zone, chairs, opening hours, closures, "
                    + "sending window, on-call contacts and the name its messages use."
            )
            .WithDescription(NamesAndOnCall);
        clinics
            .MapGet("/", async (ClinicRequests clinics, CancellationToken cancellationToken) =>
                TypedResults.Ok(await clinics.ListAsync(cancellationToken))
            )
            .WithSummary("Every clinic.");
        clinics
            .MapGet("/{id:guid}", async (Guid id, ClinicRequests clinics, CancellationToken cancellationToken) =>
                (await clinics.GetAsync(id, cancellationToken)).ToHttp()
            )
            .Produces<ClinicView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One clinic.");
        clinics
            .MapPut(
                "/{id:guid}",
                async (Guid id, ClinicInput? input, ClinicRequests clinics, CancellationToken cancellationToken) =>
                    (await clinics.UpdateAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<ClinicView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Edit what POST /api/clinics set, "
                    + "with the same body and checks (GET's answer, changed, is such a body)."
            )
            .WithDescription(
                NamesAndOnCall
                    + " Chairs are only added here (409 for fewer: retire them one by one); a contact no "
                    + "longer given is marked removed; the zone cannot change once sessions are booked (409)."
            );
        clinics
            .MapPost(
                "/{id:guid}/closures",
                async (
                    Guid id,
                    ClosureInput? input,
                    ClinicSettingsRequests settings,
                    CancellationToken cancellationToken
                ) => (await settings.AddClosureAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<ClosureView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Close the clinic on a local date (no new bookings that day); "
                    + "bookedSessions says how many sessions already booked that day need moving."
            );
        clinics
            .MapDelete(
                "/{id:guid}/closures/{date}",
                async (Guid id, string date, ClinicSettingsRequests settings, CancellationToken cancellationToken) =>
                    (await settings.RemoveClosureAsync(id, date, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<ClosureView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Open the clinic again on a date it was closed.");
        clinics
            .MapPut(
                "/{id:guid}/sending-window",
                async (
                    Guid id,
                    SendingWindowInput? input,
                    ClinicSettingsRequests settings,
                    CancellationToken cancellationToken
                ) => (await settings.SetSendingWindowAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<SendingWindowView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The window (patient's local time) in which messages planned from now on may be sent.");
        clinics
            .MapPut(
                "/{id:guid}/opening-hours",
                async (Guid id, OpeningHoursUpdate? input, ClinicSettingsRequests settings, CancellationToken token) =>
                    (await settings.ReplaceHoursAsync(id, input, token)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<OpeningHoursChange>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "Replace the clinic's weekly opening hours (checked as POST /api/clinics checks them); "
                    + "bookedOutside says how many future booked sessions fall outside them and need moving."
            );
        clinics.MapChairEndpoints();
        clinics.MapOnCallEndpoints();
    }

    private static void MapChairEndpoints(this RouteGroupBuilder clinics)
    {
        clinics
            .MapPost(
                "/{id:guid}/chairs",
                async (
                    Guid id,
                    ChairInput? input,
                    ClinicSettingsRequests chairs,
                    CancellationToken cancellationToken
                ) => (await chairs.AddChairAsync(id, input, cancellationToken)).Created(_ => $"/api/clinics/{id}")
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<ChairView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Add a chair (name optional: \"Chair n\"); names are unique within the clinic.");
        clinics
            .MapPut(
                "/{id:guid}/chairs/{chairId:guid}",
                async (
                    Guid id,
                    Guid chairId,
                    ChairInput? input,
                    ClinicSettingsRequests chairs,
                    CancellationToken cancellationToken
                ) => (await chairs.RenameChairAsync(id, chairId, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<ChairView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Rename a chair.");
        clinics
            .MapPost(
                "/{id:guid}/chairs/{chairId:guid}/retire",
                async (Guid id, Guid chairId, ClinicSettingsRequests chairs, CancellationToken cancellationToken) =>
                    (await chairs.RetireChairAsync(id, chairId, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<ChairView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Take a chair out of service: no new bookings or moves onto it. 409 while sessions still to "
                    + "come are booked on it (the detail says how many) or when it is the last chair in service."
            );
    }

    private static void MapOnCallEndpoints(this RouteGroupBuilder clinics)
    {
        clinics
            .MapPost(
                "/{id:guid}/on-call",
                async (
                    Guid id,
                    OnCallInput? input,
                    ClinicSettingsRequests roster,
                    CancellationToken cancellationToken
                ) => (await roster.AddOnCallAsync(id, input, cancellationToken)).Created(_ => $"/api/clinics/{id}")
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<OnCallView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "Add an on-call contact (name, email, phone in any common format; "
                    + "stored E.164), paged with every new safety alert."
            );
        clinics
            .MapPut(
                "/{id:guid}/on-call/{contactId:guid}",
                async (
                    Guid id,
                    Guid contactId,
                    OnCallInput? input,
                    ClinicSettingsRequests roster,
                    CancellationToken cancellationToken
                ) => (await roster.EditOnCallAsync(id, contactId, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<OnCallView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Correct an on-call contact; pages not yet sent go to the new details.");
        clinics
            .MapDelete(
                "/{id:guid}/on-call/{contactId:guid}",
                async (Guid id, Guid contactId, ClinicSettingsRequests roster, CancellationToken cancellationToken) =>
                    (await roster.RemoveOnCallAsync(id, contactId, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<OnCallRemoval>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Stop paging a contact for new alerts; pages already planned still go out (pagesStillPlanned). "
                    + "409 for the clinic's last on-call contact with a phone."
            );
    }
}

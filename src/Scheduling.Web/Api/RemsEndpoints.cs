using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Rems;
using Scheduling.Core.Templates;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Rems;
using Scheduling.Web.Api.Contracts.Templates;

namespace Scheduling.Web.Api;

/// <summary>
/// The esketamine REMS records (docs/api-contract.md, "The front desk's month") and a clinic's options for
/// the templates it books (an addition: README, "REMS, boosters and no-shows").
/// </summary>
public static class RemsEndpoints
{
    public static void MapRemsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapPost(
                "/api/appointments/{id:guid}/rems-form",
                async (
                    Guid id,
                    RemsFormInput? input,
                    RemsRecords rems,
                    IClock clock,
                    CancellationToken cancellationToken
                ) => (await rems.RecordFormAsync(id, input, clock.GetCurrentInstant(), cancellationToken)).ToHttp()
            )
            .WithTags("Appointments")
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<RemsFormView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Record the session's REMS monitoring form as submitted "
                    + "(submittedAt, now by default; reference). "
                    + "The session leaves the rems list and its task is done for good. 409 for a session with no form, "
                    + "one not held, or one already recorded. Audited."
            );
        endpoints
            .MapPost(
                "/api/patients/{id:guid}/rems-enrollment",
                async (
                    Guid id,
                    RemsEnrollmentInput? input,
                    RemsRecords rems,
                    IClock clock,
                    CancellationToken cancellationToken
                ) => (await rems.EnrollAsync(id, input, clock.GetCurrentInstant(), cancellationToken)).ToHttp()
            )
            .WithTags("Patients")
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<RemsEnrollmentView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "Record the patient's REMS enrollment (enrolledAt, now by default; reference); "
                    + "again to correct it. Closes the patient's 'REMS enrollment pending' task. Audited."
            );
        endpoints
            .MapGet(
                "/api/patients/{id:guid}/rems-enrollment",
                async (Guid id, RemsRecords rems, CancellationToken cancellationToken) =>
                    (await rems.EnrollmentAsync(id, cancellationToken).ToWire(RemsEnrollmentView.From)).ToHttp()
            )
            .WithTags("Patients")
            .RequireAuthorization(Policies.CareTeam)
            .Produces<RemsEnrollmentView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The patient's REMS enrollment as recorded; 404 when none is. Audited.");
        endpoints
            .MapGet(
                "/api/clinics/{clinicId:guid}/template-options",
                async (Guid clinicId, ClinicTemplateOptions options, CancellationToken cancellationToken) =>
                    (await TemplateOptionRequests.ListAsync(options, clinicId, cancellationToken)).ToHttp()
            )
            .WithTags("Templates")
            .Produces<IReadOnlyList<TemplateOptionView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("What the clinic has turned on for the templates it books (pcl5).");
        endpoints
            .MapPut(
                "/api/clinics/{clinicId:guid}/template-options/{code}",
                async (
                    Guid clinicId,
                    string code,
                    TemplateOptionInput? input,
                    ClinicTemplateOptions options,
                    CancellationToken cancellationToken
                ) => (await TemplateOptionRequests.SetAsync(options, clinicId, code, input, cancellationToken)).ToHttp()
            )
            .WithTags("Templates")
            .RequireAuthorization(Policies.Admin)
            .Produces<TemplateOptionView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Turn PCL-5 on or off for a template the clinic books ({ \"pcl5\": true }), "
                    + "where the template offers it (offersPcl5; "
                    + "the built-in ketamine-iv-induction does). The template is not changed; "
                    + "series booked from now on take it. Audited."
            );
    }
}

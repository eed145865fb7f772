using Scheduling.Core.Alerts;
using Scheduling.Core.Identity;
using Scheduling.Core.Surveys;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Alerts;
using Scheduling.Web.Api.Contracts.Surveys;

namespace Scheduling.Web.Api;

public static class ClinicalEndpoints
{
    public static void MapClinicalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapGet(
                "/api/patients/{id:guid}/surveys",
                async (Guid id, SurveyHistory history, CancellationToken cancellationToken) =>
                    (await history.ForPatientAsync(id, cancellationToken).ToWire(SurveyView.ListOf)).ToHttp()
            )
            .WithTags("Patients")
            .RequireAuthorization(Policies.CareTeam)
            .Produces<IReadOnlyList<SurveyView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "The patient's surveys: instrument (Phq9, Gad7, Pcl5, PostSessionCheck), occasion, state (Planned, "
                    + "Sent, Completed, Expired, Suppressed), due and expiry instants; score, band and completedAt "
                    + "once completed; for completed PHQ-9, GAD-7 and PCL-5 the change from the latest baseline in "
                    + "points and percent, and for PHQ-9 response (at least 50 % below baseline) "
                    + "and remission (below 5)."
            );

        endpoints
            .MapGet(
                "/api/surveys/{id:guid}",
                async (Guid id, SurveyDetails details, CancellationToken cancellationToken) =>
                    (await details.GetAsync(id, cancellationToken).ToWire(SurveyDetailView.From)).ToHttp()
            )
            .WithTags("Surveys")
            .RequireAuthorization(Policies.Clinician)
            .Produces<SurveyDetailView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "One survey with the patient's answers in the form's order and wording, "
                    + "and the flags they raised (Clinician). Audited."
            );

        var alerts = endpoints.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(Policies.Clinician);
        alerts
            .MapGet("/", async (string? state, AlertBoard board, CancellationToken cancellationToken) =>
                (await AlertRequests.ListAsync(board, state, cancellationToken)).ToHttp()
            )
            .Produces<IReadOnlyList<AlertView>>()
            .ProducesValidationProblem()
            .WithSummary(
                "Safety alerts, newest first; state=open lists those nobody has acknowledged yet "
                    + "(without state, all). Each carries answers (item → answer as sent) of the post that raised it "
                    + "and laterAnswers. Audited."
            );
        alerts
            .MapGet("/{id:guid}", async (Guid id, AlertBoard board, CancellationToken cancellationToken) =>
                (await board.GetAsync(id, cancellationToken).ToWire(AlertDetailView.From)).ToHttp()
            )
            .Produces<AlertDetailView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "One alert as the list shows it, with pages: every page sent or planned for it to an on-call "
                    + "contact (contact, channel, sentAt, state, reason), first pages first."
            );
        alerts
            .MapPost(
                "/{id:guid}/acknowledge",
                async (Guid id, AcknowledgeInput? input, AlertBoard board, CancellationToken cancellationToken) =>
                    (await AlertRequests.AcknowledgeAsync(board, id, input, cancellationToken)).ToHttp()
            )
            .Produces<AlertView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A clinician has seen the alert and acted; the body may carry a note. Audited.");
    }
}

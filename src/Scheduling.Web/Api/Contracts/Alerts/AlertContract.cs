using Scheduling.Core.Alerts;
using Scheduling.Domain.Alerts;

namespace Scheduling.Web.Api.Contracts.Alerts;

// POST /api/alerts/{id}/acknowledge: an optional note, read by AlertRequests.
public sealed record AcknowledgeInput(string? Note);

/// <summary>
/// <see cref="Answers"/> (at <see cref="AnsweredAt"/>) is the post of the survey form that raised the alert,
/// as the patient sent it; <see cref="LaterAnswers"/> every later post of the same form (see
/// <see cref="AnswersView"/>). Alerts raised before answers were kept have none.
/// </summary>
public sealed record AlertView(
    Guid Id,
    Guid PatientId,
    Guid ClinicId,
    Guid? SurveyId,
    string Kind,
    string CreatedAt,
    string State,
    string? AcknowledgedAt,
    string? AcknowledgedBy,
    string? Note,
    IReadOnlyDictionary<string, string>? Answers,
    string? AnsweredAt,
    IReadOnlyList<AnswersView> LaterAnswers
)
{
    public static AlertView From(SafetyAlert a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(
            a.Id,
            a.PatientId,
            a.ClinicId,
            a.SurveyId,
            a.Kind.ToString(),
            Wire.Format(a.CreatedAt),
            a.State.ToString(),
            a.AcknowledgedAt is { } at ? Wire.Format(at) : null,
            a.AcknowledgedBy,
            a.Note,
            a.Answers.Count > 0 ? a.Answers[0].Answers : null,
            a.Answers.Count > 0 ? Wire.Format(a.Answers[0].At) : null,
            [.. a.Answers.Skip(1).Select(p => new AnswersView(Wire.Format(p.At), p.Answers))]
        );
    }
}

/// <summary>
/// An alert as the list shows it, how often it was paged again, and every page
/// (docs/api-contract.md, "Nothing silent").
/// </summary>
public sealed record AlertDetailView(
    Guid Id,
    Guid PatientId,
    Guid ClinicId,
    Guid? SurveyId,
    string Kind,
    string CreatedAt,
    string State,
    string? AcknowledgedAt,
    string? AcknowledgedBy,
    string? Note,
    IReadOnlyDictionary<string, string>? Answers,
    string? AnsweredAt,
    IReadOnlyList<AnswersView> LaterAnswers,
    string? LastPagedAt,
    int PageRound,
    IReadOnlyList<AlertPageView> Pages
)
{
    public static AlertDetailView From(PagedAlert paged)
    {
        ArgumentNullException.ThrowIfNull(paged);
        var alert = paged.Alert;
        var view = AlertView.From(alert);
        return new(
            view.Id,
            view.PatientId,
            view.ClinicId,
            view.SurveyId,
            view.Kind,
            view.CreatedAt,
            view.State,
            view.AcknowledgedAt,
            view.AcknowledgedBy,
            view.Note,
            view.Answers,
            view.AnsweredAt,
            view.LaterAnswers,
            alert.LastPagedAt is { } last ? Wire.Format(last) : null,
            alert.PageRound,
            [.. paged.Pages.Select(AlertPageView.From)]
        );
    }
}

/// <summary>One page: to whom (the contact's name), how, when sent (null until then), state and reason.</summary>
public sealed record AlertPageView(
    Guid MessageId,
    string Contact,
    string Channel,
    string? SentAt,
    string State,
    string? Reason
)
{
    public static AlertPageView From(AlertPage p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(
            p.MessageId,
            p.Contact,
            p.Channel.ToString(),
            p.SentAt is { } sent ? Wire.Format(sent) : null,
            p.State.ToString(),
            p.Reason
        );
    }
}

/// <summary>
/// A post of the survey form as the patient sent it, by item ("9" → "2"), values as received (text, so that
/// an answer off the scale or not a number is shown as given); unanswered items are absent.
/// </summary>
public sealed record AnswersView(string At, IReadOnlyDictionary<string, string> Answers);

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Clinics;
using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Domain.Protocols;

namespace Scheduling.Web.Pages.Settings;

/// <summary>
/// The clinics (hours, closures, chairs, sending window, on-call), the protocol templates and the message
/// templates, each message template with the discretion check's verdict on what a lock screen shows
/// (an SMS's text, an email's subject).
/// </summary>
public sealed class IndexModel(SchedulingDbContext db, ClinicDirectory clinics, TemplateCatalogue templates, ContentCheck check) : PageModel
{
    public IReadOnlyList<ClinicView> Clinics { get; private set; } = [];

    public IReadOnlyList<TemplateView> Templates { get; private set; } = [];

    public IReadOnlyList<MessageTemplateRow> MessageTemplates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Clinics = await clinics.ListAsync(cancellationToken);
        Templates = await templates.ListAsync(null, cancellationToken);
        var rows = await db.MessageTemplates.AsNoTracking().OrderBy(t => t.ClinicId).ThenBy(t => t.Kind).ThenBy(t => t.Channel).ThenBy(t => t.Language).ToListAsync(cancellationToken);
        MessageTemplates = rows.Select(t => new MessageTemplateRow(
            t.ClinicId is { } id ? Clinics.FirstOrDefault(c => c.Id == id)?.Name ?? id.ToString() : "Every clinic",
            t.Kind.ToString(), t.Channel, t.Language, t.Subject, t.Body,
            check.FindForbidden(t.Channel == Channel.Sms ? t.Body : t.Subject))).ToList();
    }

    public sealed record MessageTemplateRow(string Clinic, string Kind, Channel Channel, string Language, string? Subject, string Body, IReadOnlyList<string> Forbidden);
}

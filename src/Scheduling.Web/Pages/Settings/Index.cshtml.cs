using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Domain.Protocols;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Clinics;
using Scheduling.Web.Api.Contracts.Messaging;
using Scheduling.Web.Api.Contracts.Templates;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Settings;

/// <summary>
/// The clinics (hours, closures, chairs, sending window, on-call), the protocol templates and the message
/// templates, each message template with the discretion check's verdict on what a lock screen shows
/// (an SMS's text, an email's subject). Every change calls the use case its API route calls.
/// </summary>
public sealed class IndexModel(
    SchedulingDbContext db,
    ClinicRequests clinics,
    ClinicSettingsRequests settings,
    TemplateCatalogue templates,
    WordingBook wording,
    ContentCheck check
) : PageModel
{
    /// <summary>Empty rows under a clinic's hours, for adding a day or a second stretch of one.</summary>
    public const int SpareHourRows = 2;

    public IReadOnlyList<ClinicView> Clinics { get; private set; } = [];

    public IReadOnlyList<TemplateView> Templates { get; private set; } = [];

    public IReadOnlyList<MessageWordingRow> MessageWordings { get; private set; } = [];

    public string? Done { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>The forbidden words in the name messages use, for a clinic saved before names were checked.</summary>
    public string? IndiscreetName(ClinicView clinic) =>
        clinic is not null && check.FindForbidden(clinic.NameInMessages) is { Count: > 0 } words
            ? string.Join(", ", words)
            : null;

    /// <summary>
    /// The names through PUT /api/clinics/{id}'s use case, the rest of the clinic sent back as it is.
    /// </summary>
    public async Task OnPostNamesAsync(
        Guid clinicId,
        string? name,
        string? messageName,
        CancellationToken cancellationToken
    )
    {
        var outcome = await EditAsync(
            clinicId,
            c => c with { Name = name, MessageName = messageName },
            cancellationToken
        );
        Done = outcome.Report(ModelState, $"Saved. Messages call the clinic {outcome.Value?.NameInMessages}.");
        await LoadAsync(cancellationToken);
    }

    /// <summary>The cancel notice (ISO 8601, such as PT24H) through PUT /api/clinics/{id}'s use case.</summary>
    public async Task OnPostCancelNoticeAsync(Guid clinicId, string? cancelNotice, CancellationToken cancellationToken)
    {
        var outcome = await EditAsync(clinicId, c => c with { CancelNotice = cancelNotice }, cancellationToken);
        Done = outcome.Report(
            ModelState,
            $"Saved. Patients may cancel from their link until {outcome.Value?.CancelNotice} before a session."
        );
        await LoadAsync(cancellationToken);
    }

    /// <summary>The clinic as it is, with one change, sent back through PUT /api/clinics/{id}'s use case.</summary>
    private async Task<Outcome<ClinicView>> EditAsync(
        Guid clinicId,
        Func<ClinicInput, ClinicInput> change,
        CancellationToken cancellationToken
    )
    {
        var current = await clinics.GetAsync(clinicId, cancellationToken);
        return current.Value is { } clinic
            ? await clinics.UpdateAsync(clinicId, change(ClinicInput.From(clinic)), cancellationToken)
            : current;
    }

    public async Task OnPostCloseAsync(Guid clinicId, string? date, string? reason, CancellationToken cancellationToken)
    {
        var outcome = await settings.AddClosureAsync(clinicId, new ClosureInput(date, reason), cancellationToken);
        Done = outcome.Report(
            ModelState,
            outcome.Value is { } v
                ? $"Closed on {v.Date}."
                    + (
                        v.BookedSessions switch
                        {
                            0 => "",
                            1 => " 1 session is still booked that day: move or cancel it.",
                            var n => $" {n} sessions are still booked that day: move or cancel them.",
                        }
                    )
                : ""
        );
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostReopenAsync(Guid clinicId, string? date, CancellationToken cancellationToken)
    {
        var outcome = await settings.RemoveClosureAsync(clinicId, date, cancellationToken);
        Done = outcome.Report(ModelState, $"Open again on {date}.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostWindowAsync(Guid clinicId, string? start, string? end, CancellationToken cancellationToken)
    {
        var outcome = await settings.SetSendingWindowAsync(
            clinicId,
            new SendingWindowInput(start, end),
            cancellationToken
        );
        Done = outcome.Report(ModelState, "The sending window applies to messages planned from now on.");
        await LoadAsync(cancellationToken);
    }

    /// <summary>
    /// The rows of the hours form, in order; a row without times is left out (that is how a stretch is removed).
    /// </summary>
    public async Task OnPostHoursAsync(
        Guid clinicId,
        string?[] day,
        string?[] open,
        string?[] close,
        CancellationToken cancellationToken
    )
    {
        var rows = day.Select(
                (d, i) => new OpeningHoursInput(d, open.ElementAtOrDefault(i), close.ElementAtOrDefault(i))
            )
            .Where(r => !string.IsNullOrWhiteSpace(r.Open) || !string.IsNullOrWhiteSpace(r.Close))
            .ToList<OpeningHoursInput?>();
        var outcome = await settings.ReplaceHoursAsync(clinicId, new OpeningHoursUpdate(rows), cancellationToken);
        Done = outcome.Report(
            ModelState,
            outcome.Value is { } v
                ? "Saved the opening hours."
                    + (
                        v.BookedOutside switch
                        {
                            0 => "",
                            1 => " 1 session still to come is booked outside them: move it.",
                            var n => $" {n} sessions still to come are booked outside them: move them.",
                        }
                    )
                : ""
        );
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostAddChairAsync(Guid clinicId, string? name, CancellationToken cancellationToken)
    {
        var outcome = await settings.AddChairAsync(clinicId, new ChairInput(name), cancellationToken);
        Done = outcome.Report(ModelState, $"Added {outcome.Value?.Name}.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostRenameChairAsync(
        Guid clinicId,
        Guid chairId,
        string? name,
        CancellationToken cancellationToken
    )
    {
        var outcome = await settings.RenameChairAsync(clinicId, chairId, new ChairInput(name), cancellationToken);
        Done = outcome.Report(ModelState, $"Renamed the chair to {outcome.Value?.Name}.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostRetireChairAsync(Guid clinicId, Guid chairId, CancellationToken cancellationToken)
    {
        var outcome = await settings.RetireChairAsync(clinicId, chairId, cancellationToken);
        Done = outcome.Report(ModelState, $"Retired {outcome.Value?.Name}: it is no longer offered for bookings.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostAddOnCallAsync(
        Guid clinicId,
        string? name,
        string? email,
        string? phone,
        CancellationToken cancellationToken
    )
    {
        var outcome = await settings.AddOnCallAsync(clinicId, new OnCallInput(name, email, phone), cancellationToken);
        Done = outcome.Report(ModelState, $"{outcome.Value?.Name} is on call and gets every new safety alert.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostEditOnCallAsync(
        Guid clinicId,
        Guid contactId,
        string? name,
        string? email,
        string? phone,
        CancellationToken cancellationToken
    )
    {
        var outcome = await settings.EditOnCallAsync(
            clinicId,
            contactId,
            new OnCallInput(name, email, phone),
            cancellationToken
        );
        Done = outcome.Report(ModelState, $"Saved {outcome.Value?.Name}'s details.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostRemoveOnCallAsync(Guid clinicId, Guid contactId, CancellationToken cancellationToken)
    {
        var outcome = await settings.RemoveOnCallAsync(clinicId, contactId, cancellationToken);
        Done = outcome.Report(
            ModelState,
            outcome.Value is { } v
                ? $"{v.Name} gets no new alerts."
                    + (
                        v.PagesStillPlanned > 0
                            ? $" {v.PagesStillPlanned} page(s) of alerts already raised still go to them."
                            : ""
                    )
                : ""
        );
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostCreateTemplateAsync(TemplateForm template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ModelState.Clear();
        var outcome = await TemplateRequests.CreateAsync(template.ToInput(), templates, cancellationToken);
        Done = outcome.Report(ModelState, $"Added the template {outcome.Value?.Code}.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostRetireTemplateAsync(Guid templateId, CancellationToken cancellationToken)
    {
        var outcome = await templates.RetireAsync(templateId, cancellationToken).ToWire(TemplateView.From);
        Done = outcome.Report(
            ModelState,
            $"Retired {outcome.Value?.Code}: series already booked keep it, new bookings cannot use it."
        );
        await LoadAsync(cancellationToken);
    }

    /// <summary>A clinic's own wording for one kind of message, checked as the API checks it (WordingBook).</summary>
    public async Task OnPostWordingAsync(
        Guid clinicId,
        string? kind,
        string? channel,
        string? language,
        string? subject,
        string? body,
        CancellationToken cancellationToken
    )
    {
        var request = new MessageWordingRequest(language, subject, body);
        var outcome = await MessageWordingWire.SaveAsync(wording, clinicId, kind, channel, request, cancellationToken);
        Done = outcome.Report(ModelState, $"Saved the wording of {kind} by {channel}.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostResetWordingAsync(
        Guid clinicId,
        string? kind,
        string? channel,
        string? language,
        CancellationToken cancellationToken
    )
    {
        var outcome = await MessageWordingWire.ResetAsync(
            wording,
            clinicId,
            kind,
            channel,
            language,
            cancellationToken
        );
        Done = outcome.Report(ModelState, $"The built-in wording of {kind} by {channel} applies again.");
        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Clinics = await clinics.ListAsync(cancellationToken);
        Templates = [.. (await templates.ListAsync(null, cancellationToken)).Select(TemplateView.From)];
        var rows = await db
            .MessageWordings.AsNoTracking()
            .OrderBy(t => t.ClinicId)
            .ThenBy(t => t.Kind)
            .ThenBy(t => t.Channel)
            .ThenBy(t => t.Language)
            .ToListAsync(cancellationToken);
        MessageWordings = rows.Select(t => new MessageWordingRow(
                t.ClinicId,
                t.ClinicId is { } id ? Clinics.FirstOrDefault(c => c.Id == id)?.Name ?? id.ToString() : "Every clinic",
                t.Kind.ToString(),
                t.Channel,
                t.Language,
                t.Subject,
                t.Body,
                check.FindOnLockScreen(t.Channel, t.Subject, t.Body)
            ))
            .ToList();
    }

    public sealed record MessageWordingRow(
        Guid? ClinicId,
        string Clinic,
        string Kind,
        Channel Channel,
        string Language,
        string? Subject,
        string Body,
        IReadOnlyList<string> Forbidden
    );
}

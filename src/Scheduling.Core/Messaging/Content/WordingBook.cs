using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// A clinic's own wording for each kind of message, channel and language. Saving runs the same checks a
/// message meets right before it is sent (<see cref="WordingChecks"/>), so a wording that would leak a drug
/// or diagnosis onto a lock screen, or that does not parse, is refused when it is written rather than at
/// 3 a.m. Typed commands in, typed results out; the HTTP form of these is the web host's.
/// </summary>
public sealed class WordingBook(
    SchedulingDbContext db,
    WordingChecks checks,
    ContentCheck content,
    IClock clock,
    IActor actor,
    AuditLog audit
)
{
    /// <summary>
    /// Every kind and channel with the wording a patient of this language at the clinic would receive
    /// (<see cref="WordingChoice"/>); not found when there is no such clinic.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<WordingEntry>>> ListAsync(
        Guid clinicId,
        string language,
        CancellationToken cancellationToken
    )
    {
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return Outcome<IReadOnlyList<WordingEntry>>.NotFound($"There is no clinic {clinicId}.");
        }

        var stored = await db
            .MessageWordings.AsNoTracking()
            .Where(t => t.ClinicId == clinicId || t.ClinicId == null)
            .ToListAsync(cancellationToken);
        var entries = new List<WordingEntry>();
        foreach (var kind in Enum.GetValues<MessageKind>())
        {
            foreach (var channel in Enum.GetValues<Channel>())
            {
                if (WordingChoice.For(stored, clinicId, kind, channel, language) is { } chosen)
                {
                    entries.Add(Entry(clinicId, chosen.Wording, chosen.Source));
                }
            }
        }

        return entries;
    }

    /// <summary>What <see cref="WordingChecks"/> finds in this text with the clinic's name, if there is one.</summary>
    public async Task<IReadOnlyList<WordingProblem>> CheckAsync(
        Guid clinicId,
        Channel channel,
        string? subject,
        string? body,
        CancellationToken cancellationToken
    )
    {
        var name = await NameInMessagesAsync(clinicId, cancellationToken);
        return checks.Check(channel, subject, body, name);
    }

    public async Task<WordingSave> SaveAsync(SaveWording command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = await NameInMessagesAsync(command.ClinicId, cancellationToken);
        if (checks.Check(command.Channel, command.Subject, command.Body, name) is { Count: > 0 } problems)
        {
            return new WordingSave.Refused(problems);
        }

        if (name is null)
        {
            return new WordingSave.NoClinic();
        }

        var wording = await db.MessageWordings.SingleOrDefaultAsync(
            t =>
                t.ClinicId == command.ClinicId
                && t.Kind == command.Kind
                && t.Channel == command.Channel
                && t.Language == command.Language,
            cancellationToken
        );
        if (wording is null)
        {
            wording = new MessageWording
            {
                ClinicId = command.ClinicId,
                Kind = command.Kind,
                Channel = command.Channel,
                Language = command.Language,
                Body = command.Body!,
            };
            db.MessageWordings.Add(wording);
        }

        wording.Subject = command.Channel == Channel.Email ? command.Subject!.Trim() : null;
        wording.Body = command.Body!;
        wording.UpdatedAt = clock.GetCurrentInstant();
        wording.UpdatedBy = actor.Id;
        Audit("message-template-saved", wording);
        await db.SaveChangesAsync(cancellationToken);
        return new WordingSave.Saved(Entry(command.ClinicId, wording, WordingSource.Clinic));
    }

    /// <summary>Drops the clinic's own wording, so the next in <see cref="WordingChoice"/> applies again.</summary>
    public async Task<Outcome<bool>> ResetAsync(
        Guid clinicId,
        MessageKind kind,
        Channel channel,
        string language,
        CancellationToken cancellationToken
    )
    {
        var wording = await db.MessageWordings.SingleOrDefaultAsync(
            t => t.ClinicId == clinicId && t.Kind == kind && t.Channel == channel && t.Language == language,
            cancellationToken
        );
        if (wording is null)
        {
            return Outcome<bool>.NotFound(
                $"Clinic {clinicId} has no wording of its own for {kind} by {channel} in '{language}'."
            );
        }

        db.MessageWordings.Remove(wording);
        Audit("message-template-reset", wording);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private Task<string?> NameInMessagesAsync(Guid clinicId, CancellationToken cancellationToken) =>
        db
            .Clinics.AsNoTracking()
            .Where(c => c.Id == clinicId)
            .Select(c => c.MessageName ?? c.Name)
            .SingleOrDefaultAsync(cancellationToken);

    // The audit's entity name stays "MessageTemplate": audit rows written before the rename keep matching.
    private void Audit(string action, MessageWording wording) =>
        audit.Record(
            action,
            "MessageTemplate",
            wording.Id,
            details: new
            {
                clinicId = wording.ClinicId,
                kind = wording.Kind.ToString(),
                channel = wording.Channel.ToString(),
                language = wording.Language,
            }
        );

    private WordingEntry Entry(Guid clinicId, MessageWording wording, WordingSource source) =>
        new(clinicId, wording, source, content.FindOnLockScreen(wording.Channel, wording.Subject, wording.Body));
}

/// <summary>Set a clinic's own wording of one kind of message on one channel in one language.</summary>
public sealed record SaveWording(
    Guid ClinicId,
    MessageKind Kind,
    Channel Channel,
    string Language,
    string? Subject,
    string? Body
);

/// <summary>What saving a wording came to.</summary>
public abstract record WordingSave
{
    private WordingSave() { }

    public sealed record Saved(WordingEntry Entry) : WordingSave;

    public sealed record Refused(IReadOnlyList<WordingProblem> Problems) : WordingSave;

    public sealed record NoClinic : WordingSave;
}

/// <summary>
/// One wording as it applies at a clinic, with the discretion check's verdict on its lock-screen text.
/// </summary>
public sealed record WordingEntry(
    Guid ClinicId,
    MessageWording Wording,
    WordingSource Source,
    IReadOnlyList<string> ForbiddenWords
);

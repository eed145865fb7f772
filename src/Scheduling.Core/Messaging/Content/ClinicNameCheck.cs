using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// The discretion check with the clinic's name rendered in (docs/api-contract.md, "Nothing silent"): a wording
/// is checked with the name in it when it is saved, and a name with every wording that may apply at the
/// clinic when the name is saved, so neither can make a message fail the check at send time.
/// </summary>
public sealed class ClinicNameCheck(SchedulingDbContext db, ContentCheck content, ClinicNameRendering rendering)
{
    /// <summary>
    /// Whether messages may call a clinic by this name: the name itself, and the lock-screen text of every
    /// wording that may apply at the clinic (built in, shared, its own in any language) rendered with it, pass
    /// the discretion check. Problems are added under `field`, which the caller names.
    /// </summary>
    public async Task CheckNameAsync(
        Guid? clinicId,
        string name,
        string field,
        Problems problems,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (content.FindForbidden(name) is { Count: > 0 } words)
        {
            problems.Add(
                field,
                $"Messages would call the clinic \"{name}\", which names a drug or a diagnosis "
                    + $"({string.Join(", ", words)}); texts and email subjects show it on lock screens. "
                    + "Give a messageName without it, such as \"Wellness Center\"."
            );
            return;
        }

        var stored = await db
            .MessageWordings.AsNoTracking()
            .Where(t => t.ClinicId == null || t.ClinicId == clinicId)
            .ToListAsync(cancellationToken);
        var builtIn = Enum.GetValues<MessageKind>()
            .SelectMany(kind => Enum.GetValues<Channel>().Select(channel => DefaultWordings.For(kind, channel)))
            .OfType<MessageWording>();
        var failing = builtIn
            .Concat(stored)
            .Where(t => rendering.Forbidden(LockScreen.Text(t.Channel, t.Subject, t.Body), name).Count > 0)
            .Select(t => $"{t.Kind} by {t.Channel} ({t.Language}{(t.ClinicId is null ? "" : ", the clinic's own")})")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (failing.Count > 0)
        {
            problems.Add(
                field,
                $"With the name \"{name}\" in them, these messages would fail the discretion check: "
                    + $"{string.Join("; ", failing)}."
            );
        }
    }
}

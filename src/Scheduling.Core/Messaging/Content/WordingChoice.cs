using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// Which wording a message gets (docs/domain.md, "Message wordings"): the patient's language first, then the
/// default language (English), and in each language the clinic's own wording before one shared by every
/// clinic; the built-in English wording last. The one rule, used when a message is composed and when a
/// clinic's wordings are listed, so the list shows what a patient of that language would receive.
/// </summary>
public static class WordingChoice
{
    /// <summary>The language of the built-in wordings, and of a patient or request that names none.</summary>
    public const string DefaultLanguage = "en";

    /// <param name="stored">Stored wordings; those of other clinics, kinds or channels are passed over.</param>
    /// <param name="clinicId">The clinic the message is from; null looks at shared and built-in wordings only.</param>
    /// <param name="kind">The kind of message.</param>
    /// <param name="channel">The channel it goes by.</param>
    /// <param name="language">The patient's language; none means the default language.</param>
    public static ChosenWording? For(
        IEnumerable<MessageWording> stored,
        Guid? clinicId,
        MessageKind kind,
        Channel channel,
        string? language
    )
    {
        ArgumentNullException.ThrowIfNull(stored);
        var wanted = string.IsNullOrWhiteSpace(language) ? DefaultLanguage : language;
        var fitting = stored.Where(w => w.Kind == kind && w.Channel == channel).ToList();
        foreach (var lang in wanted == DefaultLanguage ? [DefaultLanguage] : new[] { wanted, DefaultLanguage })
        {
            if (clinicId is { } id && fitting.FirstOrDefault(w => w.ClinicId == id && w.Language == lang) is { } own)
            {
                return new ChosenWording(own, WordingSource.Clinic);
            }

            if (fitting.FirstOrDefault(w => w.ClinicId is null && w.Language == lang) is { } shared)
            {
                return new ChosenWording(shared, WordingSource.Shared);
            }
        }

        return DefaultWordings.For(kind, channel) is { } builtIn
            ? new ChosenWording(builtIn, WordingSource.BuiltIn)
            : null;
    }
}

/// <summary>The wording that applies, and whose it is.</summary>
public sealed record ChosenWording(MessageWording Wording, WordingSource Source);

public enum WordingSource
{
    /// <summary>The clinic's own.</summary>
    Clinic,

    /// <summary>Stored for every clinic (no clinic id).</summary>
    Shared,

    /// <summary>Built into the product (<see cref="DefaultWordings"/>), English.</summary>
    BuiltIn,
}

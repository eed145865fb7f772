using Scheduling.Core.Messaging.Content;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// The fallback rule as docs/domain.md ("Message wordings") states it: the patient's language first, then
/// English; in each language the clinic's own wording before a shared one; the built-in English wording last.
/// </summary>
public sealed class WordingChoiceTests
{
    private static readonly Guid Clinic = Guid.Parse("0192f0c4-0000-7000-8000-00000000000a");
    private static readonly Guid OtherClinic = Guid.Parse("0192f0c4-0000-7000-8000-00000000000b");

    private static MessageWording Stored(string name, Guid? clinic, string language, MessageKind? kind = null) =>
        new()
        {
            ClinicId = clinic,
            Kind = kind ?? MessageKind.Reminder,
            Channel = Channel.Sms,
            Language = language,
            Body = name,
        };

    // Each row: the stored wordings (named by whose and which language), the patient's language, the one
    // the rule picks ("built-in" for the product's own) and where it comes from.
    public static TheoryData<string[], string?, string, WordingSource> Rows =>
        new()
        {
            { ["own-en"], "en", "own-en", WordingSource.Clinic },
            { ["own-en"], null, "own-en", WordingSource.Clinic },
            { ["own-en", "own-es"], "es", "own-es", WordingSource.Clinic },
            // A Spanish-speaking patient of a clinic that wrote only English gets the clinic's English.
            { ["own-en"], "es", "own-en", WordingSource.Clinic },
            // The patient's language wins over whose wording it is.
            { ["own-en", "shared-es"], "es", "shared-es", WordingSource.Shared },
            { ["own-es", "shared-es"], "es", "own-es", WordingSource.Clinic },
            { ["shared-en"], "es", "shared-en", WordingSource.Shared },
            { ["own-pt-BR"], "es", "built-in", WordingSource.BuiltIn },
            { [], "es", "built-in", WordingSource.BuiltIn },
            { [], "en", "built-in", WordingSource.BuiltIn },
            // Another clinic's wording never applies, whatever its language.
            { ["other-es", "other-en"], "es", "built-in", WordingSource.BuiltIn },
            // A wording of another kind never applies.
            { ["own-es-survey"], "es", "built-in", WordingSource.BuiltIn },
        };

    [Theory]
    [MemberData(nameof(Rows))]
    public void For_PicksByLanguageThenOwner_ThenTheBuiltIn(
        string[] stored,
        string? language,
        string expected,
        WordingSource source
    )
    {
        var wordings = stored.Select(Parse).ToList();

        var chosen = WordingChoice.For(wordings, Clinic, MessageKind.Reminder, Channel.Sms, language);

        Assert.NotNull(chosen);
        Assert.Equal(source, chosen.Source);
        if (source == WordingSource.BuiltIn)
        {
            Assert.Equal("en", chosen.Wording.Language);
            Assert.Equal(DefaultWordings.For(MessageKind.Reminder, Channel.Sms)!.Body, chosen.Wording.Body);
        }
        else
        {
            Assert.Equal(expected, chosen.Wording.Body);
        }
    }

    [Fact]
    public void For_WithoutAClinic_LooksAtSharedAndBuiltInOnly()
    {
        var wordings = new[] { Stored("own-es", Clinic, "es"), Stored("shared-en", null, "en") };

        var chosen = WordingChoice.For(wordings, null, MessageKind.Reminder, Channel.Sms, "es");

        Assert.Equal("shared-en", chosen?.Wording.Body);
    }

    [Fact]
    public void For_IsNothing_WhereNoWordingExists()
    {
        Assert.Null(WordingChoice.For([], Clinic, MessageKind.NoShowFollowUp, Channel.Email, "es"));
    }

    [Fact]
    public void BuiltIns_AreEnglish_AndOfTheirOwnKindAndChannel()
    {
        foreach (var kind in Enum.GetValues<MessageKind>())
        {
            foreach (var channel in Enum.GetValues<Channel>())
            {
                if (DefaultWordings.For(kind, channel) is { } builtIn)
                {
                    Assert.Equal((kind, channel, "en"), (builtIn.Kind, builtIn.Channel, builtIn.Language));
                }
            }
        }
    }

    private static MessageWording Parse(string name) =>
        name switch
        {
            "own-es-survey" => Stored(name, Clinic, "es", MessageKind.SurveyInvitation),
            _ when name.StartsWith("own-", StringComparison.Ordinal) => Stored(name, Clinic, name[4..]),
            _ when name.StartsWith("shared-", StringComparison.Ordinal) => Stored(name, null, name[7..]),
            _ => Stored(name, OtherClinic, name[6..]),
        };
}

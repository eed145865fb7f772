using Microsoft.Extensions.Options;
using Scheduling.Core.Messaging.Content;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// Which texts get the discretion check (docs/domain.md, "Messages"): what a lock screen shows, an SMS's
/// body and an email's subject, as written and with the clinic's name in it; an email's body may carry
/// preparation instructions and is not checked.
/// </summary>
public sealed class DiscretionCheckTests
{
    private static readonly ContentCheck Content = new(Options.Create(new ContentOptions()));
    private static readonly WordingChecks Checks = new(
        Content,
        new ClinicNameRendering(Content, new WordingRenderer())
    );

    [Theory]
    [InlineData(Channel.Sms, WordingPart.Body)]
    [InlineData(Channel.Email, WordingPart.Subject)]
    public void LockScreen_ShowsAnSmsBody_AndAnEmailSubject(Channel channel, WordingPart part)
    {
        Assert.Equal(part, LockScreen.Part(channel));
    }

    [Theory]
    [InlineData(Channel.Sms, "Your ketamine visit", "See you Monday.", "")]
    [InlineData(Channel.Sms, null, "Your ketamine visit is Monday.", "ketamine")]
    [InlineData(Channel.Email, "Your visit on Monday", "Before your ketamine infusion, eat lightly.", "")]
    [InlineData(Channel.Email, "Your Depression care on Monday", "See you.", "Depression")]
    public void FindOnLockScreen_ChecksOnlyTheTextALockScreenShows(
        Channel channel,
        string? subject,
        string body,
        string expected
    )
    {
        var found = Content.FindOnLockScreen(channel, subject, body);

        Assert.Equal(expected, string.Join(",", found));
    }

    // Each row: a wording, the clinic's name in messages, and the part refused ("" when it may be saved).
    [Theory]
    [InlineData(Channel.Sms, null, "Your ketamine visit is {{ date }}.", "Wellness Center", "Body")]
    [InlineData(Channel.Sms, null, "{{ clinic }}: see you {{ date }}.", "Ketamine Wellness", "Body")]
    [InlineData(Channel.Sms, null, "{{ clinic }}: see you {{ date }}.", "Wellness Center", "")]
    [InlineData(Channel.Email, "Your visit at {{ clinic }}", "Hello {{ first_name }}", "Ketamine Wellness", "Subject")]
    [InlineData(Channel.Email, "Your anxiety visit", "Hello {{ first_name }}", "Wellness Center", "Subject")]
    [InlineData(Channel.Email, "Your visit", "Before a ketamine infusion: {{ clinic }}", "Ketamine Wellness", "")]
    public void Check_RefusesTheLockScreenText_AsWrittenAndWithTheClinicsName(
        Channel channel,
        string? subject,
        string body,
        string clinicName,
        string refused
    )
    {
        var problems = Checks.Check(channel, subject, body, clinicName);

        Assert.Equal(refused, string.Join(",", problems.Select(p => p.Part).Distinct()));
    }

    [Fact]
    public void Check_WithoutAClinicName_ChecksTheTextAsWritten()
    {
        Assert.Empty(Checks.Check(Channel.Sms, null, "{{ clinic }}: see you {{ date }}.", null));
        Assert.Single(Checks.Check(Channel.Sms, null, "Your PTSD visit is {{ date }}.", null));
    }
}

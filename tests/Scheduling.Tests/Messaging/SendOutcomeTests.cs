using System.Text;
using MailKit.Net.Smtp;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;
using Twilio.Exceptions;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// The classification rules on their own. Boundaries: SMTP 4xx against 5xx, a failure just before and
/// just after the end-of-message mark, the mark split across two writes; Twilio 429, 5xx, 401, 21610,
/// 21211, another 4xx, and a lost answer before and after the body was written.
/// </summary>
public sealed class SendOutcomeTests
{
    [Fact]
    public void HandoverProbe_SeesTheEndOfMessage_OnlyOnceTheTerminatorWasWritten()
    {
        var probe = new HandoverProbe();
        probe.Reset();
        Write(probe, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n");
        Write(probe, "Subject: x\r\n\r\n..leading dot stuffed\r\n");
        Assert.False(probe.MessageHandedOver);

        Write(probe, "last line\r\n");
        Write(probe, ".\r");
        Assert.False(probe.MessageHandedOver);
        Write(probe, "\n");

        Assert.True(probe.MessageHandedOver);
        probe.Reset();
        Assert.False(probe.MessageHandedOver);
    }

    [Theory]
    [InlineData(421, SendStatus.Transient)]
    [InlineData(451, SendStatus.Transient)]
    [InlineData(550, SendStatus.Permanent)]
    [InlineData(554, SendStatus.Permanent)]
    public void Smtp_ClassifiesByTheReply_WhenTheServerAnswered(int code, SendStatus expected)
    {
        var refusal = new SmtpCommandException(
            SmtpErrorCode.RecipientNotAccepted,
            (SmtpStatusCode)code,
            "refused for <patient@example.test>"
        );

        var result = SmtpSendResult.WhileSending(refusal, messageHandedOver: true, "patient@example.test");

        Assert.Equal(expected, result.Status);
        Assert.Equal($"SMTP {code}", result.ErrorCode);
        Assert.DoesNotContain("patient@example.test", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, SendStatus.Transient)]
    [InlineData(true, SendStatus.Unknown)]
    public void Smtp_ClassifiesByTheHandover_WhenNoReplyCame(bool handedOver, SendStatus expected)
    {
        var lost = new SmtpProtocolException("The SMTP server has unexpectedly disconnected.");

        Assert.Equal(expected, SmtpSendResult.WhileSending(lost, handedOver, "patient@example.test").Status);
    }

    [Theory]
    [InlineData(429, 20429, SendStatus.Transient, null)]
    [InlineData(500, 20500, SendStatus.Transient, null)]
    [InlineData(503, 0, SendStatus.Transient, null)]
    [InlineData(401, 20003, SendStatus.Transient, null)]
    [InlineData(400, 21610, SendStatus.Permanent, PermanentReason.OptedOut)]
    [InlineData(400, 21211, SendStatus.Permanent, PermanentReason.InvalidAddress)]
    [InlineData(400, 21614, SendStatus.Permanent, PermanentReason.InvalidAddress)]
    [InlineData(400, 21408, SendStatus.Permanent, PermanentReason.Rejected)]
    public void Twilio_ClassifiesByStatusAndCode_WhenTwilioAnswered(
        int status,
        int code,
        SendStatus expected,
        PermanentReason? reason
    )
    {
        var result = TwilioSendResult.FromException(
            new ApiException(code, status, "The 'To' number +15551230001 is not valid", "", null, null),
            bodyWritten: true,
            "+15551230001"
        );

        Assert.Equal(expected, result.Status);
        Assert.Equal(reason, result.Reason);
        Assert.DoesNotContain("+15551230001", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, SendStatus.Transient)]
    [InlineData(true, SendStatus.Unknown)]
    public void Twilio_ClassifiesByTheBody_WhenNoAnswerCame(bool bodyWritten, SendStatus expected)
    {
        var lost = new ApiConnectionException(
            "Connection Error: POST",
            new HttpRequestException("The response ended prematurely.")
        );

        Assert.Equal(expected, TwilioSendResult.FromException(lost, bodyWritten, "+15551230001").Status);
    }

    private static void Write(HandoverProbe probe, string text)
    {
        var bytes = Encoding.ASCII.GetBytes("xx" + text);
        probe.LogClient(bytes, 2, bytes.Length - 2);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MailKit.Net.Smtp;
using NodaTime;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Twilio.Exceptions;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// What a send's answer, or its exception, makes of a message. Boundary cases: refused credentials by
/// Twilio (401, 20003) and SMTP (a failed sign-in, 535 on a command) as opposed to a rate limit; a refused
/// login on the last attempt; a send that threw; an address MimeKit cannot read; a send limit at the lease.
/// </summary>
public sealed class DispatchOutcomeTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static readonly DispatchOptions Options = new();

    private static ClaimedMessage Claimed(int attempts = 0) =>
        new(
            Guid.CreateVersion7(),
            MessageKind.Reminder,
            Channel.Sms,
            Guid.CreateVersion7(),
            PlanKey.Reminder(Duration.FromHours(24)),
            Guid.CreateVersion7(),
            null,
            null,
            null,
            null,
            Now,
            Now + Duration.FromDays(1),
            attempts,
            false,
            ""
        );

    [Theory]
    [InlineData(401, 20003, true)]
    [InlineData(401, 0, true)]
    [InlineData(429, 20429, false)]
    [InlineData(500, 20500, false)]
    public void Twilio_MarksRefusedCredentials_AsProviderAuthentication(int status, int code, bool refused)
    {
        var answer = new ApiException(code, status, "Authenticate", "", null, null);

        var result = TwilioSendResult.FromException(answer, bodyWritten: true, "+15551230001");

        Assert.Equal((SendStatus.Transient, refused), (result.Status, result.ProviderAuthentication));
    }

    [Fact]
    public void Smtp_MarksRefusedCredentials_AsProviderAuthentication()
    {
        var login = new MailKit.Security.AuthenticationException("535: 5.7.8 Credentials invalid");
        var signIn = SmtpSendResult.WhileConnecting(login);
        var invalid = new SmtpCommandException(
            SmtpErrorCode.UnexpectedStatusCode,
            SmtpStatusCode.AuthenticationInvalidCredentials,
            "535"
        );
        var command = SmtpSendResult.WhileSending(invalid, messageHandedOver: false, "patient@example.test");
        var busy = SmtpSendResult.WhileConnecting(
            new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, "421 busy")
        );

        Assert.True(signIn.ProviderAuthentication);
        Assert.True(command.ProviderAuthentication);
        Assert.Equal(SendStatus.Transient, command.Status);
        Assert.False(busy.ProviderAuthentication);
    }

    [Fact]
    public void Outcome_KeepsProviderAuthenticationAsTheReason_WhileRetrying_AndWhenItGivesUp()
    {
        var refused = SendResult.AuthenticationRefused("Authenticate", "Twilio 20003");

        var waiting = SendRecordPolicy.From(refused, Claimed(), Options, Now);
        var last = SendRecordPolicy.From(refused, Claimed(attempts: Options.MaxAttempts - 1), Options, Now);
        var busy = SendRecordPolicy.From(SendResult.Transient("busy", "Twilio 20429"), Claimed(), Options, Now);

        Assert.Equal((MessageState.Planned, MessageReason.ProviderAuthentication), (waiting.State, waiting.Reason));
        Assert.Equal((MessageState.Failed, MessageReason.ProviderAuthentication), (last.State, last.Reason));
        Assert.Equal((MessageState.Planned, null), (busy.State, busy.Reason));
    }

    [Fact]
    public void Outcome_FailsTheMessageAlone_WithTheExceptionsTypeAndMessage_WhenTheSendThrew()
    {
        var outcome = SendRecordPolicy.SendThrew(new FormatException("The number is not a number."));

        Assert.Equal((MessageState.Failed, MessageReason.SendFailed), (outcome.State, outcome.Reason));
        Assert.Equal("FormatException: The number is not a number.", outcome.Error);
        Assert.Equal(AttemptResult.Unknown, outcome.Attempt);
    }

    [Fact]
    public void Preparation_FailsTheMessage_WithTheExceptionsTypeAndMessage()
    {
        var decision = SendRecordPolicy.PreparationThrew(new InvalidTimeZoneException("Mars/Base"));

        var expected = new Decision.Fail(MessageReason.PreparationFailed, "InvalidTimeZoneException: Mars/Base");
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData("jane(@example.com", false)]
    [InlineData("jane", false)]
    [InlineData("", false)]
    [InlineData("jane@example.com, joe@example.com", false)]
    [InlineData("jane@example.com", true)]
    [InlineData("jane.o'neil+clinic@example.co.uk", true)]
    public void Recipient_IsReadOnlyFromOneWholeAddress(string address, bool readable)
    {
        Assert.Equal(readable, MimeMessageFactory.Recipient(address) is not null);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("00:01:59", true)]
    [InlineData("00:02:00", false)]
    [InlineData("00:05:00", false)]
    public void Options_RequireTheSendLimitBelowTheLease(string? sendTimeout, bool valid)
    {
        var limit = sendTimeout is null ? (TimeSpan?)null : TimeSpan.Parse(sendTimeout, CultureInfo.InvariantCulture);
        var options = new DispatchOptions { Lease = TimeSpan.FromMinutes(2), SendTimeout = limit };

        var errors = new List<ValidationResult>();
        var ok = Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(TimeSpan.FromMinutes(1), new DispatchOptions().SendLimit);
    }
}

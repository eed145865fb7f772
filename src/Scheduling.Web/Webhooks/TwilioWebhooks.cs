using System.Security;
using Scheduling.Core.Messaging.Inbound;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Core.Waitlist;
using Scheduling.Web.Auth;

namespace Scheduling.Web.Webhooks;

/// <summary>
/// Twilio calls these: inbound SMS (answered with TwiML) and delivery status callbacks. Only requests
/// carrying a valid X-Twilio-Signature for our public URL are believed; anything else is a 403.
/// </summary>
public static class TwilioWebhooks
{
    public static void MapTwilioWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var webhooks = endpoints
            .MapGroup("/webhooks/twilio")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Public)
            .WithTags("Webhooks");
        webhooks
            .MapPost("/sms", InboundAsync)
            .WithSummary(
                "Inbound SMS from Twilio (form-encoded); answers TwiML. 403 without a valid X-Twilio-Signature."
            );
        webhooks
            .MapPost("/status", StatusAsync)
            .WithSummary(
                "Delivery status callback from Twilio; duplicates and out-of-order callbacks change nothing. "
                    + "403 without a valid X-Twilio-Signature."
            );
    }

    private static async Task<IResult> InboundAsync(
        HttpRequest request,
        TwilioSignature signature,
        InboundSmsHandler handler,
        WaitlistReplies waitlist,
        CancellationToken cancellationToken
    )
    {
        if (!await signature.IsValidAsync(request, cancellationToken))
        {
            return Forbidden();
        }

        var form = request.Form;
        if (string.IsNullOrEmpty(form["MessageSid"]) || string.IsNullOrEmpty(form["From"]))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "MessageSid and From are required."
            );
        }

        if (TooLong(form, ("MessageSid", 100), ("From", 20), ("To", 20)) is { } tooLong)
        {
            return tooLong;
        }

        // A YES to an open waitlist offer is the offer's answer first (docs/waitlist.md, "Which YES").
        var reply = await waitlist.AnswerAsync(
            form["MessageSid"]!,
            form["From"]!,
            form["To"].ToString(),
            form["Body"].ToString(),
            cancellationToken
        )
            ?? await handler.HandleAsync(
                form["MessageSid"]!,
                form["From"]!,
                form["To"].ToString(),
                form["Body"].ToString(),
                cancellationToken
            );
        var twiml = string.IsNullOrEmpty(reply)
            ? "<Response/>"
            : $"<Response><Message>{SecurityElement.Escape(reply)}</Message></Response>";
        return TypedResults.Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>{twiml}", "application/xml");
    }

    private static async Task<IResult> StatusAsync(
        HttpRequest request,
        TwilioSignature signature,
        DeliveryStatusHandler handler,
        CancellationToken cancellationToken
    )
    {
        if (!await signature.IsValidAsync(request, cancellationToken))
        {
            return Forbidden();
        }

        var form = request.Form;
        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString();
        if (sid.Length == 0 || status.Length == 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "MessageSid and MessageStatus are required."
            );
        }

        if (TooLong(form, ("MessageSid", 100), ("MessageStatus", 40), ("ErrorCode", 20)) is { } tooLong)
        {
            return tooLong;
        }

        await handler.HandleAsync(
            sid,
            status,
            form["ErrorCode"] is { Count: > 0 } code && code.ToString().Length > 0 ? code.ToString() : null,
            cancellationToken
        );
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Twilio's values are short (a sid is 34 characters, a number in E.164 at most 16); one longer than we store is
    /// no Twilio request, even signed, and is a 400 rather than a database error.
    /// </summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? TooLong(
        IFormCollection form,
        params (string Field, int Max)[] limits
    )
    {
        var errors = limits
            .Where(l => form[l.Field].ToString().Length > l.Max)
            .ToDictionary(l => l.Field, l => new[] { $"At most {l.Max} characters." }, StringComparer.Ordinal);
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "The request does not carry a valid Twilio signature."
        );
}

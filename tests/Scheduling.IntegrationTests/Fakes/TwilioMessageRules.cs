using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Scheduling.IntegrationTests.Fakes;

/// <summary>
/// What "Send a message" requires beyond its schema, each rule taken from the definition's own
/// description of the field, with the error code Twilio documents for it. The schema alone lets
/// through a message with no sender or no content; Twilio does not.
/// </summary>
public static partial class TwilioMessageRules
{
    public const int ToRequired = 21604;
    public const int FromRequired = 21603;
    public const int BodyRequired = 21602;
    public const int BodyTooLong = 21617;
    public const int InvalidStatusCallback = 21609;
    public const int InvalidTo = 21211;
    public const int TooManyMedia = 21623;

    /// <summary>
    /// Twilio documents no single code for "some other parameter is invalid"; the fake uses this one for all of them.
    /// </summary>
    public const int InvalidParameter = 20001;

    public static TwilioError? Check(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var to = form["To"].ToString();

        // To: "in E.164 format (for SMS/MMS) or channel address, e.g. whatsapp:+15552229999".
        if (!E164().IsMatch(to) && !ChannelAddress().IsMatch(to))
        {
            return TwilioError.BadRequest(InvalidTo, $"The 'To' number {to} is not a valid phone number.");
        }

        // From: "If you are using messaging_service_sid, this parameter can be empty".
        if (string.IsNullOrEmpty(form["From"]) && string.IsNullOrEmpty(form["MessagingServiceSid"]))
        {
            return TwilioError.BadRequest(FromRequired, "A 'From' phone number is required.");
        }

        if (
            string.IsNullOrEmpty(form["Body"])
            && form["MediaUrl"].Count == 0
            && string.IsNullOrEmpty(form["ContentSid"])
        )
        {
            return TwilioError.BadRequest(BodyRequired, "Message body is required.");
        }

        // Body: "Can be up to 1,600 characters in length."
        if (form["Body"].ToString().Length > 1600)
        {
            return TwilioError.BadRequest(
                BodyTooLong,
                "The concatenated message body exceeds the 1600 character limit."
            );
        }

        // MediaUrl: "You can include up to ten media_url parameters per message."
        if (form["MediaUrl"].Count > 10)
        {
            return TwilioError.BadRequest(TooManyMedia, "The number of media files exceeds the limit of 10.");
        }

        // StatusCallback: "URL must contain a valid hostname and underscores are not allowed."
        if (
            form.TryGetValue("StatusCallback", out var callback)
            && (
                !Uri.TryCreate(callback, UriKind.Absolute, out var url)
                || url.Scheme is not ("http" or "https")
                || url.Host.Contains('_', StringComparison.Ordinal)
            )
        )
        {
            return TwilioError.BadRequest(InvalidStatusCallback, "The StatusCallback URL is not a valid URL.");
        }

        // ValidityPeriod: "Accepted values are integers from 1 to 36000."
        if (
            form.TryGetValue("ValidityPeriod", out var validity)
            && (
                !int.TryParse(validity, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds is < 1 or > 36000
            )
        )
        {
            return TwilioError.BadRequest(InvalidParameter, "ValidityPeriod must be an integer from 1 to 36000.");
        }

        return null;
    }

    /// <summary>Maps the first schema violation to the code Twilio gives for that field.</summary>
    public static TwilioError ForSchemaViolation(SchemaViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return violation.Field switch
        {
            "To" => TwilioError.BadRequest(ToRequired, "A 'To' phone number is required."),
            "StatusCallback" => TwilioError.BadRequest(
                InvalidStatusCallback,
                $"The StatusCallback URL {violation.Problem}."
            ),
            _ => TwilioError.BadRequest(InvalidParameter, $"Invalid parameter: {violation}."),
        };
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[a-z]+:.+$")]
    private static partial Regex ChannelAddress();
}

/// <summary>An error in the definition's shape: { code, message, more_info, status }.</summary>
public sealed record TwilioError(int Status, int Code, string Message)
{
    public static TwilioError BadRequest(int code, string message) =>
        new(StatusCodes.Status400BadRequest, code, message);

    public object Body =>
        new Dictionary<string, object>
        {
            ["code"] = Code,
            ["message"] = Message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{Code}",
            ["status"] = Status,
        };
}

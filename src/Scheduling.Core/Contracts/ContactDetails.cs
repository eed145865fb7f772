using MimeKit;
using PhoneNumbers;

namespace Scheduling.Core.Contracts;

/// <summary>
/// Contacts read by the parsers the senders use, so that what is saved can be sent (docs/api-contract.md,
/// "Nothing silent"): an email is one bare mailbox that MimeKit reads in strict mode, with a domain; a number
/// is one libphonenumber finds valid, stored as E.164, and a number that receives texts is also of a type SMS
/// reaches (mobile, or fixed-line-or-mobile where the numbering plan cannot tell them apart, as in North America).
/// </summary>
public static class ContactDetails
{
    /// <summary>The longest path SMTP carries (RFC 5321, 4.5.3.1.3).</summary>
    public const int MaxEmailLength = 254;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly ParserOptions StrictAddresses = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    /// <summary>Landlines, toll-free, premium and the rest cannot take a text; Twilio refuses them for good.</summary>
    private static readonly HashSet<PhoneNumberType> TextableTypes =
    [
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ];

    /// <summary>
    /// The region whose national formats are accepted without a leading +, e.g. from the clinic's own number.
    /// </summary>
    public static string RegionOf(string e164)
    {
        try
        {
            return Phones.GetRegionCodeForNumber(Phones.Parse(e164, null)) ?? "US";
        }
        catch (NumberParseException)
        {
            return "US";
        }
    }

    /// <summary>Any valid number, in E.164: the clinic's own line, which messages show and patients call.</summary>
    public static string? Phone(string? text, string field, string defaultRegion, Problems problems) =>
        ReadPhone(text, field, defaultRegion, problems, textable: false);

    /// <summary>A number the SMS provider can reach (patients, on-call contacts), in E.164.</summary>
    public static string? SmsPhone(string? text, string field, string defaultRegion, Problems problems) =>
        ReadPhone(text, field, defaultRegion, problems, textable: true);

    /// <summary>The address as MimeKit puts it in the To header: refused here, not thrown at send time.</summary>
    public static string? Email(string? text, string field, Problems problems)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        var trimmed = text!.Trim();
        if (
            trimmed.Length <= MaxEmailLength
            && MailboxAddress.TryParse(StrictAddresses, trimmed, out var mailbox)
            && MailboxAddress.TryParse(trimmed, out _)
            && string.IsNullOrEmpty(mailbox.Name)
            && mailbox.Route.Count == 0
            && string.Equals(mailbox.Address, trimmed, StringComparison.Ordinal)
            && mailbox.Address.IndexOf('@', StringComparison.Ordinal) > 0
            && mailbox.Domain is { Length: > 2 } domain
            && domain.Contains('.', StringComparison.Ordinal)
            && !domain.StartsWith('.')
            && !domain.EndsWith('.')
        )
        {
            return mailbox.Address;
        }

        problems.Add(field, "Expected one email address such as name@example.com.");
        return null;
    }

    public static string? Text(string? text, string field, int maxLength, Problems problems)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        var trimmed = text!.Trim();
        if (trimmed.Length > maxLength)
        {
            problems.Add(field, $"At most {maxLength} characters.");
            return null;
        }

        return trimmed;
    }

    private static string? ReadPhone(string? text, string field, string defaultRegion, Problems problems, bool textable)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        PhoneNumber? number = null;
        try
        {
            number = Phones.Parse(text, defaultRegion);
        }
        catch (NumberParseException) { }

        if (number is null || !Phones.IsValidNumber(number))
        {
            problems.Add(field, "Expected a valid phone number, such as +1 202 555 0123 or (202) 555-0123.");
            return null;
        }

        if (textable && !TextableTypes.Contains(Phones.GetNumberType(number)))
        {
            problems.Add(
                field,
                "Expected a mobile number that can receive texts; this one is a landline or a service number."
            );
            return null;
        }

        return Phones.Format(number, PhoneNumberFormat.E164);
    }
}

using System.ComponentModel.DataAnnotations;
using PhoneNumbers;

namespace Scheduling.Core.Contracts;

/// <summary>Phone numbers in any common format become E.164 (libphonenumber); emails are checked for shape.</summary>
public static class ContactDetails
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly EmailAddressAttribute EmailShape = new();

    /// <summary>The region whose national formats are accepted without a leading +, e.g. from the clinic's own number.</summary>
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

    public static string? Phone(string? text, string field, string defaultRegion, Problems problems)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        try
        {
            var number = Phones.Parse(text, defaultRegion);
            if (Phones.IsValidNumber(number))
            {
                return Phones.Format(number, PhoneNumberFormat.E164);
            }
        }
        catch (NumberParseException)
        {
        }

        problems.Add(field, "Expected a valid phone number, such as +1 202 555 0123 or (202) 555-0123.");
        return null;
    }

    public static string? Email(string? text, string field, Problems problems)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        var trimmed = text!.Trim();
        if (trimmed.Length > 320 || !EmailShape.IsValid(trimmed) || !trimmed.Contains('.', StringComparison.Ordinal))
        {
            problems.Add(field, "Expected an email address such as name@example.com.");
            return null;
        }

        return trimmed;
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
}

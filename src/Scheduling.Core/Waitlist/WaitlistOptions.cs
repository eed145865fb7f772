using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Xml;
using NodaTime;

namespace Scheduling.Core.Waitlist;

/// <summary>How many waiting entries freed chair time goes to at once, and for how long (docs/waitlist.md).</summary>
public sealed class WaitlistOptions : IValidatableObject
{
    public const string Section = "Waitlist";

    /// <summary>Entries offered the same chair time at once, oldest first (Waitlist__OfferBatch).</summary>
    [Range(1, 50)]
    public int OfferBatch { get; set; } = 3;

    /// <summary>How long an offer stays open (Waitlist__OfferTtl): ISO 8601 ("PT30M") or "00:30:00".</summary>
    public string OfferTtl { get; set; } = "PT30M";

    public Duration Ttl => Duration.FromTimeSpan(ParseTtl(OfferTtl) ?? TimeSpan.FromMinutes(30));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ParseTtl(OfferTtl) is not { } ttl || ttl < TimeSpan.FromMinutes(1) || ttl > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult(
                "Waitlist__OfferTtl must be a duration from one minute to one day, such as PT30M.",
                [nameof(OfferTtl)]
            );
        }
    }

    private static TimeSpan? ParseTtl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.StartsWith('P'))
        {
            try
            {
                return XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }
}

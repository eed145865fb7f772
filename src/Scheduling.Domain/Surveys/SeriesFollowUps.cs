using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Surveys;

/// <summary>
/// The follow-up rules a booked series goes by: its template's, plus what the series took on when it was
/// booked (docs/survey-planning.md, "Watching for relapse" and "PCL-5 where the clinic chooses it"):
/// a PHQ-9 every month for the template's relapse-watch months after the last session, and PCL-5 at
/// each of the template's PHQ-9 occasions where the clinic had turned it on. The template is never
/// changed for either.
/// </summary>
public static class SeriesFollowUps
{
    /// <summary>"Monthly" after a series: every 30 days from the end of its last session.</summary>
    public static readonly Duration Month = Duration.FromDays(30);

    /// <summary>Six months of watching, the most a template may ask for.</summary>
    public const int MostWatchMonths = 6;

    public static IReadOnlyList<FollowUpRule> Rules(ProtocolTemplate template, int relapseWatchMonths, bool withPcl5)
    {
        ArgumentNullException.ThrowIfNull(template);
        var rules = new List<FollowUpRule>(template.FollowUps);
        if (withPcl5)
        {
            rules.AddRange(
                template
                    .FollowUps.Where(r => r.Kind == FollowUpKind.Phq9)
                    .Select(r => r with { Kind = FollowUpKind.Pcl5 })
            );
        }

        for (var month = 1; month <= Math.Min(relapseWatchMonths, MostWatchMonths); month++)
        {
            rules.Add(new FollowUpRule(FollowUpKind.Phq9, Month * month, "last"));
        }

        return rules;
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Npgsql;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Web.Hosting;

namespace Scheduling.Web.Pages.Ops;

/// <summary>
/// How delivery is going (<see cref="DeliveryFigures"/>): messages due in the last hour by state and by kind
/// (waitlist offers among them), the waitlist offers of the last day by outcome, how late the ones sent in the last
/// hour went out, and what waits overdue right now. Ids and counts only, no patient data.
/// </summary>
public sealed class DeliveryModel(
    DeliveryFigures figures,
    NpgsqlDataSource dataSource,
    IClock clock,
    KeyProtection keys
) : PageModel
{
    /// <summary>The start-up warning about unencrypted data-protection keys, repeated where Ops look.</summary>
    public bool KeysUnprotected => keys.Warn;

    public DeliveryReport? Figures { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        Figures = await figures.ReadAsync(now, cancellationToken);
        Kinds = await CountsAsync(
            "SELECT kind || ' · ' || state, count(*) FROM scheduling.messages "
                + "WHERE due_at > $1 AND due_at <= $2 GROUP BY kind, state ORDER BY kind, state",
            now - Duration.FromHours(1),
            now,
            cancellationToken
        );
        Offers = await CountsAsync(
            "SELECT state, count(*) FROM scheduling.waitlist_offers "
                + "WHERE created_at > $1 AND created_at <= $2 GROUP BY state ORDER BY state",
            now - Duration.FromDays(1),
            now,
            cancellationToken
        );
    }

    /// <summary>Messages due in the last hour by kind and state ("WaitlistOffer · Sent").</summary>
    public IReadOnlyList<(string Group, long Count)> Kinds { get; private set; } = [];

    /// <summary>Waitlist offers made in the last day by outcome (Open, Accepted, Taken, Lapsed): counts only.</summary>
    public IReadOnlyList<(string Group, long Count)> Offers { get; private set; } = [];

    private async Task<List<(string Group, long Count)>> CountsAsync(
        string sql,
        Instant from,
        Instant to,
        CancellationToken cancellationToken
    )
    {
        var counts = new List<(string, long)>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return counts;
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Npgsql;
using Scheduling.Web.Hosting;

namespace Scheduling.Web.Pages.Ops;

/// <summary>
/// How delivery is going: messages due in the last hour by state and by kind (waitlist offers among them), the
/// waitlist offers of the last day by outcome, how late the ones sent in the last hour went out (sent minus due,
/// in percentiles), and what waits overdue right now. Ids and counts only, no patient data. Raw SQL because EF
/// cannot say percentile_cont.
/// </summary>
public sealed class DeliveryModel(NpgsqlDataSource dataSource, IClock clock, KeyProtection keys) : PageModel
{
    /// <summary>The start-up warning about unencrypted data-protection keys, repeated where Ops look.</summary>
    public bool KeysUnprotected => keys.Warn;

    private static readonly Duration Window = Duration.FromHours(1);

    public Result? Figures { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var from = now - Window;
        var states = new List<(string State, long Count)>();
        await using (
            var command = dataSource.CreateCommand(
                "SELECT state, count(*) "
                    + "FROM scheduling.messages WHERE due_at > $1 AND due_at <= $2 GROUP BY state ORDER BY state"
            )
        )
        {
            command.Parameters.AddWithValue(from);
            command.Parameters.AddWithValue(now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        Kinds = await CountsAsync(
            "SELECT kind || ' · ' || state, count(*) FROM scheduling.messages "
                + "WHERE due_at > $1 AND due_at <= $2 GROUP BY kind, state ORDER BY kind, state",
            from,
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
        await using var lateness = dataSource.CreateCommand(
            """
            SELECT count(*),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   max(extract(epoch FROM sent_at - due_at))::float8,
                   (SELECT count(*) FROM scheduling.messages
                    WHERE state = 'Planned' AND next_attempt_at < $2 - interval '1 minute'),
                   (SELECT min(next_attempt_at) FROM scheduling.messages
                    WHERE state = 'Planned' AND next_attempt_at < $2 - interval '1 minute')
            FROM scheduling.messages WHERE sent_at > $1 AND sent_at <= $2
            """
        );
        lateness.Parameters.AddWithValue(from);
        lateness.Parameters.AddWithValue(now);
        await using var row = await lateness.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        double? Seconds(int i) => row.IsDBNull(i) ? null : row.GetDouble(i);
        Figures = new Result(
            now,
            states,
            row.GetInt64(0),
            Seconds(1),
            Seconds(2),
            Seconds(3),
            Seconds(4),
            row.GetInt64(5),
            row.IsDBNull(6) ? null : row.GetFieldValue<Instant>(6)
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

    public sealed record Result(
        Instant Now,
        IReadOnlyList<(string State, long Count)> States,
        long Sent,
        double? P50,
        double? P95,
        double? P99,
        double? Max,
        long Overdue,
        Instant? OldestOverdue
    );
}

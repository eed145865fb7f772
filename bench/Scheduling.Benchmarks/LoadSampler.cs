using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;

namespace Scheduling.Benchmarks;

/// <summary>
/// What limits a burst on this machine, measured while it drains: the CPU of each worker process, of this
/// process (the SMTP and Twilio-compatible servers), of PostgreSQL's processes (the pids pg_stat_activity
/// lists: backends and background processes; the postmaster itself is not counted), the whole machine's
/// busy share of its cores (/proc/stat), and every 100 ms what PostgreSQL's active backends were waiting
/// for (pg_stat_activity.wait_event_type: Lock, LWLock, IO, Client, … or none, on CPU).
/// </summary>
internal sealed class LoadSampler : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<WorkerProcess> _workers;
    private readonly Dictionary<string, long> _waits = [];
    private readonly Dictionary<int, TimeSpan> _postgresBefore;
    private readonly Dictionary<int, TimeSpan> _workersBefore;
    private readonly TimeSpan _selfBefore;
    private readonly (long Busy, long Total) _machineBefore;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _samples;
    private long _activeBackends;

    private LoadSampler(NpgsqlDataSource dataSource, IReadOnlyList<WorkerProcess> workers, Dictionary<int, TimeSpan> pg)
    {
        _dataSource = dataSource;
        _workers = workers;
        _postgresBefore = pg;
        _workersBefore = workers.ToDictionary(w => w.Id, w => w.CpuTime());
        _selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        _machineBefore = MachineTicks();
        _sampling = SampleAsync(_stop.Token);
    }

    public static async Task<LoadSampler> StartAsync(NpgsqlDataSource dataSource, IReadOnlyList<WorkerProcess> workers)
    {
        var postgres = (await PostgresPidsAsync(dataSource)).ToDictionary(pid => pid, CpuOf);
        return new LoadSampler(dataSource, workers, postgres);
    }

    /// <summary>Stops sampling and describes the interval since the start, as JSON.</summary>
    public async Task<JsonObject> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        var seconds = _watch.Elapsed.TotalSeconds;
        var (busy, total) = MachineTicks();
        var postgres = TimeSpan.Zero;
        foreach (var pid in await PostgresPidsAsync(_dataSource))
        {
            // A backend that was not there at the start began during the interval: all its CPU counts.
            postgres += CpuOf(pid) - _postgresBefore.GetValueOrDefault(pid);
        }

        var workers = new JsonArray();
        foreach (var worker in _workers)
        {
            var cpu = worker.CpuTime() - _workersBefore[worker.Id];
            workers.Add(
                new JsonObject
                {
                    ["name"] = worker.Name,
                    ["pid"] = worker.Id,
                    ["cpuSeconds"] = Figures.Round(cpu.TotalSeconds),
                    ["cores"] = Figures.Round(cpu.TotalSeconds / seconds),
                    ["memoryMib"] = Figures.Round(worker.MemoryMib()),
                    ["peakMemoryMib"] = Figures.Round(worker.PeakMemoryMib()),
                }
            );
        }

        var self = Process.GetCurrentProcess().TotalProcessorTime - _selfBefore;
        var waits = new JsonObject();
        foreach (var (wait, count) in _waits.OrderByDescending(w => w.Value))
        {
            // The average number of active backends waiting on this, over the samples.
            waits[wait] = Figures.Round((double)count / Math.Max(1, _samples));
        }

        return new JsonObject
        {
            ["seconds"] = Figures.Round(seconds),
            ["machineBusyShare"] = Figures.Round(
                (double)(busy - _machineBefore.Busy) / Math.Max(1, total - _machineBefore.Total)
            ),
            ["cores"] = Environment.ProcessorCount,
            ["workers"] = workers,
            ["postgresCpuSeconds"] = Figures.Round(postgres.TotalSeconds),
            ["postgresCores"] = Figures.Round(postgres.TotalSeconds / seconds),
            ["providersCpuSeconds"] = Figures.Round(self.TotalSeconds),
            ["providersCores"] = Figures.Round(self.TotalSeconds / seconds),
            ["samples"] = _samples,
            ["activeBackends"] = Figures.Round((double)_activeBackends / Math.Max(1, _samples)),
            ["waitingBackends"] = waits,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _sampling;
        }

        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await using (
                var command = _dataSource.CreateCommand(
                    """
                    SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*)
                    FROM pg_stat_activity
                    WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    GROUP BY 1
                    """
                )
            )
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var count = reader.GetInt64(1);
                    _waits[reader.GetString(0)] = _waits.GetValueOrDefault(reader.GetString(0)) + count;
                    _activeBackends += count;
                }
            }

            _samples++;
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<List<int>> PostgresPidsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pid FROM pg_stat_activity");
        await using var reader = await command.ExecuteReaderAsync();
        var pids = new List<int>();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private static TimeSpan CpuOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // A backend's name carries its title ("postgres: user db client state").
            return process.ProcessName.StartsWith("postgres", StringComparison.Ordinal)
                ? process.TotalProcessorTime
                : TimeSpan.Zero;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Gone since it was listed (a backend whose connection closed). A server on another machine has
            // no process here of that name, and counts nothing.
            return TimeSpan.Zero;
        }
    }

    /// <summary>The machine's busy and total jiffies so far, from the first line of /proc/stat.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat")
            .First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture))
            .ToArray();
        var total = fields.Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }
}

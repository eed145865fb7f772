using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Scheduling.Benchmarks;

/// <summary>
/// One real worker process (`dotnet Scheduling.Worker.dll`, the build's or a published one) started by a
/// benchmark against its database and its providers. Its output is kept for failure messages; its CPU time
/// and peak memory are read from /proc through <see cref="Process"/>. Disposing stops it (SIGTERM, then
/// SIGKILL after ten seconds).
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>How long from the process's start until its host said "Application started".</summary>
    public TimeSpan StartedIn { get; private set; }

    /// <summary>
    /// The built Scheduling.Worker.dll beside this benchmark's own build (same configuration and framework).
    /// </summary>
    public static string BuiltDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Scheduling.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Scheduling.sln not found above the benchmark; pass --worker-dll.");
        }

        return Path.Combine(
            root.FullName,
            "src",
            "Scheduling.Worker",
            "bin",
            output.Parent!.Name,
            output.Name,
            "Scheduling.Worker.dll"
        );
    }

    /// <summary>Starts the worker and waits until its host has started (its dispatcher runs from then on).</summary>
    public static async Task<WorkerProcess> StartAsync(
        string dll,
        string name,
        IReadOnlyDictionary<string, string> environment
    )
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build or publish Scheduling.Worker first.", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, name);
        process.OutputDataReceived += (_, e) => worker.Add(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!worker._output.Any(line => line.Contains("Application started", StringComparison.Ordinal)))
        {
            if (process.HasExited || watch.Elapsed > StartTimeout)
            {
                var tail = string.Join('\n', worker._output.TakeLast(30));
                await worker.DisposeAsync();
                throw new InvalidOperationException($"{name} did not start within {StartTimeout}:\n{tail}");
            }

            await Task.Delay(20);
        }

        worker.StartedIn = watch.Elapsed;
        return worker;
    }

    /// <summary>User and system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The most memory the process has held resident (VmHWM), in MiB.</summary>
    public double PeakMemoryMib()
    {
        _process.Refresh();
        return _process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>The memory it holds resident now (VmRSS), in MiB.</summary>
    public double MemoryMib()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1024.0 / 1024.0;
    }

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} (pid {Id}, started in {StartedIn.TotalSeconds:F1} s)");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the host stops cleanly and removes its dispatcher row.
            using var term = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}

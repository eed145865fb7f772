using System.Collections.Concurrent;
using System.Diagnostics;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// A host process that runs until it is stopped: its output is kept (stdout and stderr, line by line)
/// and passed on as it comes; <see cref="KillAsync"/> ends it with SIGKILL, as a crash or the OOM killer
/// would, so nothing in the process gets to clean up. Disposing kills it if it still runs.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Action<string>? _onOutput;

    private RunningHost(Process process, Action<string>? onOutput)
    {
        _process = process;
        _onOutput = onOutput;
    }

    /// <summary>The operating system's process id: `dotnet app.dll` runs the app in the process it starts.</summary>
    public int Id { get; private set; }

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Output => [.. _output];

    internal static RunningHost Start(ProcessStartInfo start, Action<string>? onOutput)
    {
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new RunningHost(process, onOutput);
        process.OutputDataReceived += (_, e) => host.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"dotnet {string.Join(' ', start.ArgumentList)} did not start.");
        }

        host.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Waits for a line of output that matches; fails with the output's tail on timeout or when the process ends first.
    /// </summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The process ended (exit code {_process.ExitCode}) before {what}.\n{Tail()}"
                );
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"No {what} within {timeout}.\n{Tail()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// SIGKILL (what Process.Kill sends on Unix), then waits until the process is gone and its output read.
    /// </summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var wait = new CancellationTokenSource(ExitWait);
        await _process.WaitForExitAsync(wait.Token);
    }

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', Output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Never started, or it would not die within the wait: nothing more a test can do about it.
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        _onOutput?.Invoke(line);
    }
}

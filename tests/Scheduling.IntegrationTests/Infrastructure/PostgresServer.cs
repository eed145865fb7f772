using System.Diagnostics;
using System.Globalization;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server that ops/test.sh started, for the tests that restart it. The script exports
/// where its binaries and data are and which OS user runs it (ops/lib/postgres.sh); as root, pg_ctl
/// runs as that user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed record PostgresServer(string BinDirectory, string DataDirectory, string OsUser, int Port)
{
    private static readonly string[] Variables =
    [
        "SCHEDULING_TEST_POSTGRES_BIN",
        "SCHEDULING_TEST_PGDATA",
        "SCHEDULING_TEST_PGUSER",
        "SCHEDULING_TEST_PGPORT",
    ];

    /// <summary>
    /// Fails, never skips, when the variables are missing: a restart test that cannot restart must not pass.
    /// </summary>
    public static PostgresServer FromEnvironment()
    {
        var values = Variables.ToDictionary(
            v => v,
            v => Environment.GetEnvironmentVariable(v) ?? "",
            StringComparer.Ordinal
        );
        var missing = values.Where(v => v.Value.Length == 0).Select(v => v.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"This test restarts the PostgreSQL server and needs {string.Join(", ", Variables)}; "
                    + $"missing: {string.Join(", ", missing)}. "
                    + "Run it through ops/test.sh (TEST_FILTER=...), which starts a throwaway server and exports them."
            );
        }

        return new PostgresServer(
            values[Variables[0]],
            values[Variables[1]],
            values[Variables[2]],
            int.Parse(values[Variables[3]], CultureInfo.InvariantCulture)
        );
    }

    /// <summary>
    /// `pg_ctl restart -m fast`: every session is cut off; returns once the server accepts connections again.
    /// </summary>
    public async Task<TimeSpan> RestartAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        // The server keeps pg_ctl's output streams open, so its log goes to a file that the cluster's user can write.
        var result = await RunAsync(
            Path.Combine(BinDirectory, "pg_ctl"),
            timeout,
            "-D",
            DataDirectory,
            "-m",
            "fast",
            "-w",
            "-t",
            ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-l",
            Path.Combine(DataDirectory, "restarted-by-tests.log"),
            "restart"
        );
        Assert.True(result.ExitCode == 0, $"pg_ctl restart failed ({result.ExitCode}): {result.Output}{result.Error}");
        return watch.Elapsed;
    }

    private async Task<ProcessResult> RunAsync(string tool, TimeSpan timeout, params string[] args)
    {
        var asOtherUser = Environment.UserName == "root" && OsUser != "root";
        var start = new ProcessStartInfo(asOtherUser ? "runuser" : tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asOtherUser)
        {
            foreach (var arg in new[] { "-u", OsUser, "--", tool })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout + TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish within {timeout}.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}

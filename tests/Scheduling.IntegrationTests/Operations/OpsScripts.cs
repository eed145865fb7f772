using System.Diagnostics;
using System.Globalization;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Operations;

/// <summary>The repository's ops/ scripts, run with bash as an operator runs them.</summary>
public static class OpsScripts
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<ProcessResult> RunAsync(
        IReadOnlyDictionary<string, string> environment,
        string script,
        params string[] args
    )
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "ops", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No colours in the captured output; nothing of the test host's own database settings leaks in.
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("ConnectionStrings__Scheduling");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return await RunAsync(start, TimeSpan.FromMinutes(5));
    }

    /// <summary>A bash snippet with ops/lib/common.sh and ops/lib/postgres.sh sourced, as in the scripts.</summary>
    public static Task<ProcessResult> RunWithLibrariesAsync(string snippet, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -euo pipefail; source ops/lib/common.sh; source ops/lib/postgres.sh; " + snippet);
        start.Environment["NO_COLOR"] = "1";
        return RunAsync(start, timeout);
    }

    private static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{string.Join(' ', start.ArgumentList)} ran past {timeout}."
                )
            );
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Scheduling.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName
            ?? throw new InvalidOperationException("Scheduling.sln not found above the test output.");
    }
}

/// <summary>
/// A PostgreSQL cluster of its own, made the way ops/test.sh makes its throwaway one (ops/lib/postgres.sh: initdb
/// as an unprivileged user, trust on 127.0.0.1, a free port), stopped and deleted on dispose. Nothing of the
/// test server's cluster is in it: no database, no role but the superuser.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FreshCluster : IAsyncDisposable
{
    private readonly string _folder;

    private FreshCluster(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Database={database};Username=scheduling";

    public static async Task<FreshCluster> StartAsync()
    {
        // Under /tmp, which the cluster's user (postgres, when the tests run as root) can always reach.
        var folder = Path.Combine("/tmp", $"scheduling-fresh-cluster-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(
            folder,
            UnixFileMode.UserRead
                | UnixFileMode.UserWrite
                | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead
                | UnixFileMode.OtherExecute
        );
        var result = await OpsScripts.RunWithLibrariesAsync(
            $"""
            pg_ensure_binaries
            pg_init '{folder}/pgdata' >&2
            pg_set_option '{folder}/pgdata' fsync off
            claim_free_port PORT
            pg_start '{folder}/pgdata' "$PORT" '{folder}/postgres.log'
            printf '%s\n' "$PORT"
            """,
            TimeSpan.FromMinutes(2)
        );
        if (result.ExitCode != 0)
        {
            Directory.Delete(folder, recursive: true);
            throw new InvalidOperationException($"A fresh cluster did not start: {result.Output}{result.Error}");
        }

        return new FreshCluster(folder, int.Parse(result.Output.Trim(), CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await OpsScripts.RunWithLibrariesAsync($"pg_stop '{_folder}/pgdata'", TimeSpan.FromMinutes(2));
        Directory.Delete(_folder, recursive: true);
    }
}

using System.Diagnostics;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a built host as a real process, the way ops do: `dotnet Scheduling.Web.dll migrate` to its end, or a worker
/// until it is killed.
/// </summary>
public static class HostProcess
{
    public static string WebHostDll => BuiltDll("Scheduling.Web");

    public static string WorkerHostDll => BuiltDll("Scheduling.Worker");

    public static async Task<ProcessResult> RunAsync(
        string dll,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout,
        params string[] args
    )
    {
        using var process = Process.Start(StartInfo(dll, environment, args))
            ?? throw new InvalidOperationException("dotnet did not start.");
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
                $"{Path.GetFileName(dll)} {string.Join(' ', args)} did not exit within {timeout}."
            );
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts a host that keeps running (a worker) and streams its output, line by line, to
    /// <paramref name="onOutput"/> as well as into <see cref="RunningHost.Output"/>. Disposing it kills it.
    /// </summary>
    public static RunningHost Start(
        string dll,
        IReadOnlyDictionary<string, string> environment,
        Action<string>? onOutput = null,
        params string[] args
    ) => RunningHost.Start(StartInfo(dll, environment, args), onOutput);

    private static ProcessStartInfo StartInfo(
        string dll,
        IReadOnlyDictionary<string, string> environment,
        string[] args
    )
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>The host's own build output, in the same configuration as these tests.</summary>
    private static string BuiltDll(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Scheduling.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(
            root?.FullName ?? throw new InvalidOperationException("Scheduling.sln not found above the test output."),
            "src",
            project,
            "bin",
            configuration,
            testOutput.Name,
            $"{project}.dll"
        );
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {project} first.", dll);
    }
}

public sealed record ProcessResult(int ExitCode, string Output, string Error);

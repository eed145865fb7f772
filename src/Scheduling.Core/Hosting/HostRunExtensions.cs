using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Scheduling.Core.Hosting;

public static class HostRunExtensions
{
    public const int ConfigurationInvalidExitCode = 2;

    public const int SchemaBehindExitCode = 3;

    /// <summary>
    /// Runs the host; a schema that is behind or a setting that is wrong ends it with clear lines instead of a
    /// stack trace.
    /// </summary>
    public static async Task<int> RunOrExplainAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (SchemaBehindException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return SchemaBehindExitCode;
        }
        catch (Exception exception) when (SettingFailures(exception) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync($"Configuration: {failure}");
            }

            return ConfigurationInvalidExitCode;
        }
    }

    /// <summary>What validation at start found wrong: one section's failures, or several sections'.</summary>
    private static List<string> SettingFailures(Exception exception) =>
        exception switch
        {
            OptionsValidationException invalid => [.. invalid.Failures],
            AggregateException all when all.InnerExceptions.All(e => e is OptionsValidationException) =>
            [
                .. all.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures),
            ],
            _ => [],
        };
}

using Microsoft.Extensions.Hosting;

namespace Scheduling.Core.Hosting;

public static class HostRunExtensions
{
    public const int SchemaBehindExitCode = 3;

    /// <summary>Runs the host; a schema that is behind ends it with one clear line instead of a stack trace.</summary>
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
    }
}

using Microsoft.Extensions.Hosting;

namespace Scheduling.Core;

/// <summary>
/// Local mode: the environment named "Local" (a developer's machine), where SMS are captured, cookies may go
/// over plain HTTP and keys stay unprotected. It sits at Core's root because every module may ask it.
/// </summary>
public static class HostEnvironments
{
    public const string Local = "Local";

    public static bool IsLocal(this IHostEnvironment environment) => environment.IsEnvironment(Local);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;

namespace Scheduling.Core.Demo;

/// <summary>
/// The clock every use case reads while the demo is seeded: the host's own clock, moved back to a moment of the
/// demo clinic's past and returned to the present when the seeding ends. Each step of the demo's history is thus
/// taken by the use case that takes it in real life, at the time it happened (docs/simulation.md does the same
/// with a fake clock). Outside seeding it is the host's clock, unshifted.
/// </summary>
public sealed class DemoClock(IClock present) : IClock
{
    private Duration _shift;

    /// <summary>The host's clock, never shifted.</summary>
    public Instant Present => present.GetCurrentInstant();

    public Instant GetCurrentInstant() => present.GetCurrentInstant() + _shift;

    public void MoveTo(Instant at) => _shift = at - present.GetCurrentInstant();

    public void ReturnToPresent() => _shift = Duration.Zero;
}

public static class DemoServices
{
    /// <summary>
    /// The demo seeders, with <see cref="DemoClock"/> in place of the clock registered so far (call it last).
    /// </summary>
    public static IServiceCollection AddDemoSeeding(this IServiceCollection services)
    {
        // The host's clock comes from the composition root; the demo only shifts it, and never picks one itself.
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IClock))
            ?? throw new InvalidOperationException(
                "Register the host's IClock before AddDemoSeeding, which shifts it."
            );
        services.AddSingleton(provider => new DemoClock(
            registered switch
            {
                { ImplementationInstance: IClock clock } => clock,
                { ImplementationFactory: { } factory } => (IClock)factory(provider),
                _ => (IClock)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
            }
        ));
        services.AddSingleton<IClock>(provider => provider.GetRequiredService<DemoClock>());
        services.TryAddSingleton<SurveyLinkStore>();
        services.TryAddSingleton<FailureFollowUp>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<SyntheticSeeder>();
        return services;
    }
}

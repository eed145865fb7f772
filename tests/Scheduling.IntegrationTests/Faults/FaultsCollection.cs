namespace Scheduling.IntegrationTests.Faults;

/// <summary>
/// Fault tests run alone, after every other test: they load both cores with real worker processes, and
/// one of them restarts the PostgreSQL server that every other test uses.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "Faults";
}

using System.Reflection;
using NetArchTest.Rules;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;

namespace Scheduling.Tests.Architecture;

/// <summary>
/// The direction of dependencies (README, "Projects and modules"): the Domain knows no infrastructure, Core knows
/// neither host, and Core's feature folders depend one way, each only on the layers below its own.
/// </summary>
public class DependencyRulesTests
{
    private const string CorePrefix = "Scheduling.Core";

    /// <summary>Core's modules from the bottom up; a module depends only on modules of lower layers.</summary>
    private static readonly string[][] CoreLayers =
    [
        ["Contracts", "Identity", "Telemetry"],
        ["Persistence"],
        ["Audit"],
        ["Patients", "Rems", "Templates", "Users", "Worklist"],
        ["Messaging"],
        ["Alerts", "Clinics"],
        ["Surveys"],
        ["Booking"],
        ["Waitlist"],
        ["Demo", "Jobs"],
        ["Hosting"],
        ["Commands"],
    ];

    private static readonly string[] Infrastructure =
    [
        "Microsoft.EntityFrameworkCore",
        "Npgsql",
        "Hangfire",
        "MailKit",
        "MimeKit",
        "Twilio",
        "Microsoft.AspNetCore",
        "Microsoft.Extensions.Hosting",
    ];

    private static readonly Assembly Domain = typeof(Appointment).Assembly;
    private static readonly Assembly Core = typeof(SchedulingDbContext).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;

    private static readonly Lazy<ModuleGraph> CoreGraph = new(() => ModuleGraph.Of(Core, CorePrefix));

    [Fact]
    public void CoreModules_FormNoCycle()
    {
        var graph = CoreGraph.Value;

        var cycle = graph.FindCycle();

        Assert.True(
            cycle is null,
            cycle is null
                ? ""
                : $"Core's modules depend in a cycle: {string.Join(" → ", cycle)}. Its edges:"
                    + string.Concat(
                        cycle.Zip(cycle.Skip(1), (a, b) => $"{Environment.NewLine}  {graph.Describe(a, b)}")
                    )
        );
    }

    [Fact]
    public void CoreModules_DependOnlyOnLowerLayers()
    {
        var graph = CoreGraph.Value;
        var layerOf = CoreLayers
            .SelectMany((modules, layer) => modules.Select(m => (m, layer)))
            .ToDictionary(x => x.m, x => x.layer, StringComparer.Ordinal);

        var undeclared = graph.Modules.Where(m => !layerOf.ContainsKey(m)).ToList();
        var upward = graph
            .Edges.SelectMany(e => e.Value.Keys.Select(to => (From: e.Key, To: to)))
            .Where(e => layerOf.ContainsKey(e.From) && layerOf.ContainsKey(e.To))
            .Where(e => layerOf[e.To] >= layerOf[e.From])
            .Select(e => graph.Describe(e.From, e.To))
            .ToList();

        Assert.True(
            undeclared.Count == 0,
            $"Modules in no layer (place them in CoreLayers): {string.Join(", ", undeclared)}"
        );
        Assert.True(
            upward.Count == 0,
            "Dependencies on the same or a higher layer:"
                + string.Concat(upward.Select(u => $"{Environment.NewLine}  {u}"))
        );
    }

    [Fact]
    public void CoreRoot_DependsOnNoModule()
    {
        var modules = CoreGraph.Value.Modules.Select(m => $"{CorePrefix}.{m}").ToArray();

        var result = Types
            .InAssembly(Core)
            .That()
            .ResideInNamespaceMatching(@"^Scheduling\.Core$")
            .ShouldNot()
            .HaveDependencyOnAny(modules)
            .GetResult();

        AssertKept(result, "Types at Core's root are shared by every module and may use none of them");
    }

    [Fact]
    public void Domain_DependsOnNoInfrastructure()
    {
        var result = Types
            .InAssembly(Domain)
            .ShouldNot()
            .HaveDependencyOnAny([.. Infrastructure, "Scheduling.Core", "Scheduling.Web", "Scheduling.Worker"])
            .GetResult();

        AssertKept(result, "The Domain is pure: no infrastructure and no other project of ours");
    }

    [Fact]
    public void Core_DependsOnNeitherHost()
    {
        var result = Types
            .InAssembly(Core)
            .ShouldNot()
            .HaveDependencyOnAny("Scheduling.Web", "Scheduling.Worker")
            .GetResult();

        AssertKept(result, "Core is shared by the hosts and knows neither of them");
    }

    [Fact]
    public void ApiEndpoints_DoNotReachIntoPersistence()
    {
        var result = Types
            .InAssembly(Web)
            .That()
            .ResideInNamespace("Scheduling.Web.Api")
            .ShouldNot()
            .HaveDependencyOnAny("Scheduling.Core.Persistence")
            .GetResult();

        AssertKept(result, "The HTTP API calls Core's use cases, never the DbContext");
    }

    private static void AssertKept(TestResult result, string rule) =>
        Assert.True(
            result.IsSuccessful,
            $"{rule}; broken by:"
                + string.Concat(
                    (result.FailingTypes ?? []).Select(t => $"{Environment.NewLine}  {t.FullName}: {t.Explanation}")
                )
        );
}

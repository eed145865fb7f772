using System.Reflection;
using NetArchTest.Rules;

namespace Scheduling.Tests.Architecture;

/// <summary>
/// The dependency graph between an assembly's modules, the namespaces one level below <see cref="Prefix"/>
/// (Scheduling.Core.Booking and its sub-namespaces are the module Booking), computed from the compiled assembly by
/// NetArchTest: an edge A → B exists when a type in A refers to a type in B (signatures, fields, method bodies,
/// attributes). Each edge keeps the types that make it, so a failure names them. Types directly in the prefix
/// namespace are no module and are left out. Being read from IL, it does not see what the compiler inlines: a
/// <c>const</c> or a <c>nameof</c> of another module's member leaves no trace.
/// </summary>
internal sealed class ModuleGraph
{
    private ModuleGraph(
        string prefix,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> edges
    )
    {
        Prefix = prefix;
        Edges = edges;
    }

    public string Prefix { get; }

    /// <summary>From module → to module → the types in "from" that refer to "to".</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Edges { get; }

    public IEnumerable<string> Modules => Edges.Keys;

    public static ModuleGraph Of(Assembly assembly, string prefix)
    {
        var modules = Types
            .InAssembly(assembly)
            .GetTypes()
            .Select(t => t.ReflectionType)
            .Where(t => t.Namespace?.StartsWith(prefix + ".", StringComparison.Ordinal) == true)
            .Select(t => t.Namespace![(prefix.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var edges = new SortedDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(
            StringComparer.Ordinal
        );
        foreach (var from in modules)
        {
            var to = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var target in modules.Where(m => m != from))
            {
                var users = Types
                    .InAssembly(assembly)
                    .That()
                    .ResideInNamespace($"{prefix}.{from}")
                    .And()
                    .HaveDependencyOnAny($"{prefix}.{target}")
                    .GetTypes()
                    .Select(t => t.FullName)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (users.Count > 0)
                {
                    to[target] = users;
                }
            }
            edges[from] = to;
        }
        return new ModuleGraph(prefix, edges);
    }

    /// <summary>One cycle (its modules in order, the first repeated at the end), or null when there is none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: done
        var path = new List<string>();
        foreach (var start in Modules)
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }
        return null;

        List<string>? Visit(string module)
        {
            if (state.TryGetValue(module, out var done))
            {
                return done ? null : [.. path.Skip(path.IndexOf(module)), module];
            }
            state[module] = false;
            path.Add(module);
            foreach (var next in Edges[module].Keys)
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[module] = true;
            return null;
        }
    }

    /// <summary>"A → B (because of: types)" for the edge from A to B.</summary>
    public string Describe(string from, string to) =>
        $"{from} → {to} (because of {string.Join(", ", Edges[from][to])})";
}

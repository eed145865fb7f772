using System.Text.RegularExpressions;

namespace Scheduling.Tests.Operations;

/// <summary>
/// A clone on its own builds, tests and runs: nothing under the project's folders reads or names a path
/// outside the repository, and every design note a comment cites is in docs/.
/// </summary>
public sealed partial class SelfContainedTests
{
    private static readonly string[] ScannedFolders = ["src", "tests", "ops", "bench", ".ci"];
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "TestResults"];

    [Theory]
    [InlineData("../shared/peers/twilio/twilio_api_v2010.json", "tests/Scheduling.IntegrationTests")]
    [InlineData("see shared/design/product.md", "src/Scheduling.Core")]
    [InlineData("(product.md, \"Time\")", "src/Scheduling.Domain")]
    [InlineData("as measurements.md says", "bench/Scheduling.Benchmarks")]
    [InlineData("api.md, Conventions", "src/Scheduling.Core/Contracts")]
    [InlineData("cat /work/shared/clinical/README.md", "ops")]
    [InlineData("<Content Include=\"../../../outside/file.json\" />", "tests/Scheduling.IntegrationTests")]
    [InlineData("source ../../lib.sh", "ops")]
    public void OutsideReferences_FindsAPathOutsideTheRepository(string line, string folder)
    {
        Assert.NotEmpty(OutsideReferences(line, folder));
    }

    [Theory]
    [InlineData("(docs/domain.md, \"Time\")", "src/Scheduling.Domain")]
    [InlineData("docs/api-contract.md and docs/style.md, example 12", "src/Scheduling.Core")]
    [InlineData(
        "<ProjectReference Include=\"../../src/Scheduling.Web/Scheduling.Web.csproj\" />",
        "tests/Scheduling.Tests"
    )]
    [InlineData("source \"$ROOT/ops/lib/common.sh\" && cd ../..", "ops/lib")]
    [InlineData("PG_BIN=/usr/lib/postgresql/15/bin", "ops/lib")]
    public void OutsideReferences_AcceptsPathsInsideTheRepositoryAndSystemPaths(string line, string folder)
    {
        Assert.Empty(OutsideReferences(line, folder));
    }

    [Fact]
    public void ProjectFiles_NameNoPathOutsideTheRepository()
    {
        var findings = ProjectFiles()
            .SelectMany(file =>
                File.ReadLines(file.FullPath)
                    .Select((line, index) => (line, number: index + 1))
                    .SelectMany(l =>
                        OutsideReferences(l.line, file.Folder).Select(hit => $"{file.Relative}:{l.number}: {hit}")
                    )
            )
            .ToList();

        Assert.True(findings.Count == 0, "Paths outside the repository:\n" + string.Join('\n', findings));
    }

    [Fact]
    public void ProjectFiles_CiteOnlyDesignNotesThatExist()
    {
        var missing = ProjectFiles()
            .SelectMany(file =>
                DocsCitation()
                    .Matches(File.ReadAllText(file.FullPath))
                    .Select(match => match.Value)
                    .Where(doc => !File.Exists(RepositoryRoot.File(doc.Split('/'))))
                    .Select(doc => $"{file.Relative}: {doc}")
            )
            .ToList();

        Assert.True(missing.Count == 0, "Cited notes that are not in docs/:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void ProjectFiles_AreScanned()
    {
        var files = ProjectFiles().Select(f => f.Relative).ToList();

        Assert.Contains("tests/Scheduling.IntegrationTests/Scheduling.IntegrationTests.csproj", files);
        Assert.Contains("ops/test.sh", files);
        Assert.Contains(files, f => f.StartsWith("src/Scheduling.Core/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("bench/", StringComparison.Ordinal));
    }

    /// <summary>
    /// What in one line names something outside the repository, for a file in <paramref name="folder"/>.
    /// </summary>
    private static List<string> OutsideReferences(string line, string folder)
    {
        var hits = OutsideName().Matches(line).Select(m => m.Value).ToList();
        foreach (Match climb in Climb().Matches(line))
        {
            var depth = folder.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
            var ups = climb.Value.Split('/').Count(part => part == "..");
            if (ups > depth)
            {
                hits.Add(climb.Value);
            }
        }

        return hits;
    }

    private static IEnumerable<(string FullPath, string Relative, string Folder)> ProjectFiles()
    {
        var self = Path.GetFileName(
            RepositoryRoot.File("tests", "Scheduling.Tests", "Operations", "SelfContainedTests.cs")
        );
        return ScannedFolders
            .Select(folder => RepositoryRoot.File(folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Select(path =>
                (FullPath: path, Relative: Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/'))
            )
            .Where(f => !f.Relative.Split('/').Any(part => SkippedFolders.Contains(part, StringComparer.Ordinal)))
            .Where(f => Path.GetFileName(f.Relative) != self && !IsBinary(f.FullPath))
            .Select(f => (f.FullPath, f.Relative, Folder: Path.GetDirectoryName(f.Relative)!.Replace('\\', '/')));
    }

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4096];
        return head[..stream.Read(head)].Contains((byte)0);
    }

    // The sibling folder of design notes and peers, a developer machine's layout, and the notes by their bare names.
    [GeneratedRegex(
        @"\bshared/(design|peers|clinical|hooks)\b|\.\./shared\b|/work/|\.library/|"
            + @"(?<![\w/.-])(product|api|style|measurements)\.md\b"
    )]
    private static partial Regex OutsideName();

    // A relative path that climbs: resolved from the file's own folder, more "../" than its depth leaves the
    // repository.
    [GeneratedRegex(@"(?<![\w.$}])(\.\./)+[\w.-]*")]
    private static partial Regex Climb();

    [GeneratedRegex(@"\bdocs/[\w.-]+\.md\b")]
    private static partial Regex DocsCitation();
}

using Scheduling.Core.Hosting;

namespace Scheduling.Tests.Operations;

/// <summary>The README is where a newcomer starts: its commands and configuration table must stay true.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryRoot.File("README.md"));

    [Fact]
    public void Readme_ListsEveryConfigurationKey()
    {
        Assert.All(ConfigurationKeys.All, key => Assert.Contains($"`{key}`", Readme, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ops/run-local.sh")]
    [InlineData("ops/test.sh")]
    [InlineData(".ci/run")]
    public void Readme_NamesScriptsThatExistAndAreExecutable(string script)
    {
        var path = RepositoryRoot.File(script.Split('/'));

        Assert.Contains(script, Readme, StringComparison.Ordinal);
        Assert.True(File.Exists(path), $"{script} exists");
        Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{script} is executable");
    }

    [Fact]
    public void CiRun_CallsTheTestScriptAndNothingElse()
    {
        var commands = File.ReadAllLines(RepositoryRoot.File(".ci", "run"))
            .Where(line =>
                line.Length > 0
                && !line.StartsWith('#')
                && !line.StartsWith("set ", StringComparison.Ordinal)
                && !line.StartsWith("cd ", StringComparison.Ordinal)
            );

        Assert.Equal(["exec ops/test.sh"], commands);
    }
}

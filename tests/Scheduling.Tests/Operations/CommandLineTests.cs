using Scheduling.Core.Commands;

namespace Scheduling.Tests.Operations;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_SeparatesWordsFromOptions()
    {
        var command = CommandLine.Parse(["users", "add", "--email", "a@b.test", "--role", "Ops"]);

        Assert.Equal(["users", "add"], command.Words);
        Assert.Equal("a@b.test", command.Option("email"));
        Assert.Equal("Ops", command.Option("role"));
        Assert.Null(command.Option("password"));
    }

    [Fact]
    public void Parse_TreatsAnOptionWithoutValueAsAFlag()
    {
        var command = CommandLine.Parse(["seed", "--demo"]);

        Assert.True(command.Flag("demo"));
        Assert.False(command.Flag("patients"));
    }

    [Theory]
    [InlineData(new[] { "migrate" }, true)]
    [InlineData(new[] { "users", "add" }, true)]
    [InlineData(new[] { "seed", "--patients", "10" }, true)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, false)]
    [InlineData(new string[0], false)]
    public void IsCommand_RecognisesOnlyTheContractCommands(string[] args, bool expected)
    {
        Assert.Equal(expected, SchedulingCommands.IsCommand(args));
    }
}

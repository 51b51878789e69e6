using Berth.Cli.Commands;

namespace Berth.Cli.Tests.Commands;

public sealed class NodeLeaseDurationOptionTests
{
    [Theory]
    [InlineData("server")]
    [InlineData("agent", "--server", "https://127.0.0.1:6443")]
    public void Parse_NoDuration_IsTheKubeletsForty(params string[] command)
    {
        var parsed = BerthCli.CreateRootCommand(command).Parse(command);

        Assert.Empty(parsed.Errors);
        Assert.Equal(40, parsed.GetValue<int>("--node-lease-duration-seconds"));
    }

    [Theory]
    [InlineData("server", "--node-lease-duration-seconds", "8")]
    [InlineData("agent", "--server", "https://127.0.0.1:6443", "--node-lease-duration-seconds", "8")]
    public void Parse_ADuration_IsTaken(params string[] command)
    {
        var parsed = BerthCli.CreateRootCommand(command).Parse(command);

        Assert.Empty(parsed.Errors);
        Assert.Equal(8, parsed.GetValue<int>("--node-lease-duration-seconds"));
    }

    [Theory]
    [InlineData("server", "--node-lease-duration-seconds", "0")]
    [InlineData("agent", "--server", "https://127.0.0.1:6443", "--node-lease-duration-seconds", "-5")]
    public void Parse_LessThanASecond_IsAnErrorNamingTheFlag(params string[] command)
    {
        var parsed = BerthCli.CreateRootCommand(command).Parse(command);

        var error = Assert.Single(parsed.Errors);
        Assert.Equal($"--node-lease-duration-seconds {command[^1]} must be at least 1", error.Message);
    }
}

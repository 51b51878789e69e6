using System.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli.Tests.Commands;

public sealed class BerthCliTests
{
    public static TheoryData<string> TopLevelNames() => [.. BerthCli.CreateRootCommand().Subcommands.Select(c => c.Name)];

    [Fact]
    public void CreateRootCommand_RunNamed_BuildsRunAlone()
    {
        var root = BerthCli.CreateRootCommand(["--root", "/r", "run", "--rm", "img", "true"]);

        Assert.Equal(["run"], root.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void CreateRootCommand_RunNamed_ParsesAsTheWholeTreeDoes()
    {
        string[] args = ["--root", "/r", "run", "--rm", "--network", "none", "img", "echo", "x"];
        var alone = BerthCli.CreateRootCommand(args);
        var whole = BerthCli.CreateRootCommand();

        var parsed = alone.Parse(ContainerCommandLine.Protect(alone, args));
        var expected = whole.Parse(ContainerCommandLine.Protect(whole, args));

        Assert.Empty(parsed.Errors);
        Assert.Equal("run", parsed.CommandResult.Command.Name);
        Assert.Equal(expected.Tokens.Select(t => t.Value), parsed.Tokens.Select(t => t.Value));
        Assert.Equal(expected.CommandResult.Children.Count(), parsed.CommandResult.Children.Count());
    }

    [Theory]
    [InlineData(new[] { "image", "ls" }, "image")]
    [InlineData(new[] { "container", "run", "img" }, "container")]
    [InlineData(new[] { "--root", "/r", "images", "-q" }, "images")]
    [InlineData(new[] { "server", "--disable-agent" }, "server")]
    public void CreateRootCommand_GroupOrVerbNamed_BuildsItAlone(string[] args, string built) =>
        Assert.Equal([built], BerthCli.CreateRootCommand(args).Subcommands.Select(c => c.Name));

    [Fact]
    public void IsTopLevel_AServerBuiltAloneOrInTheWholeTree_IsAContainersVerbNot()
    {
        var alone = Assert.Single(BerthCli.CreateRootCommand(["server"]).Subcommands);
        var inTree = BerthCli.CreateRootCommand().Subcommands.Single(c => c.Name == "server");
        var grouped = BerthCli.CreateRootCommand(["container", "run"]).Subcommands.Single().Subcommands.Single(c => c.Name == "run");

        Assert.True(BerthCli.IsTopLevel(alone));
        Assert.True(BerthCli.IsTopLevel(inTree));
        Assert.False(BerthCli.IsTopLevel(grouped));
    }

    [Theory]
    [MemberData(nameof(TopLevelNames))]
    public void CreateRootCommand_VerbBuiltAlone_HasTheOptionsOfTheWholeTreesVerb(string verb)
    {
        var alone = Assert.Single(BerthCli.CreateRootCommand([verb]).Subcommands);
        var inTree = BerthCli.CreateRootCommand().Subcommands.Single(c => c.Name == verb);

        Assert.Equal(Describe(inTree), Describe(alone));
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("run", "--help")]
    [InlineData("ps", "-h")]
    [InlineData("--version")]
    [InlineData("images", "--help")]
    [InlineData("unmount", "c1")]
    [InlineData("no-such-verb")]
    public void CreateRootCommand_NoTopLevelCommandNamed_BuildsTheWholeTree(params string[] args) =>
        Assert.Equal(BerthCli.CreateRootCommand().Subcommands.Select(c => c.Name), BerthCli.CreateRootCommand(args).Subcommands.Select(c => c.Name));

    private static string Describe(Command command) =>
        $"{string.Join(",", command.Aliases)} [{string.Join(",", command.Options.Select(o => o.Name))}] [{string.Join(",", command.Arguments.Select(a => a.Name))}] {{{string.Join(";", command.Subcommands.Select(Describe))}}}";
}

using System.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli.Tests.Commands;

public sealed class BerthCliTests
{
    public static TheoryData<string> ShortForms() => [.. BerthCli.CreateRootCommand().Subcommands
        .Select(c => c.Name)
        .Where(name => ContainerCommand.CreateShortForm(name) is not null || name == "version")];

    [Fact]
    public void CreateRootCommand_RunNamed_BuildsRunAlone()
    {
        var root = BerthCli.CreateRootCommand(["--root", "/r", "run", "--rm", "img", "true"]);

        Assert.Equal(["run"], root.Subcommands.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(ShortForms))]
    public void CreateRootCommand_VerbBuiltAlone_HasTheOptionsOfTheWholeTreesVerb(string verb)
    {
        var alone = Assert.Single(BerthCli.CreateRootCommand([verb]).Subcommands);
        var inTree = BerthCli.CreateRootCommand().Subcommands.Single(c => c.Name == verb);

        Assert.Equal(Describe(inTree), Describe(alone));
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("image", "ls")]
    [InlineData("container", "run", "img")]
    [InlineData("unmount", "c1")]
    [InlineData("no-such-verb")]
    public void CreateRootCommand_NoShortFormNamed_BuildsTheWholeTree(params string[] args) =>
        Assert.Equal(BerthCli.CreateRootCommand().Subcommands.Select(c => c.Name), BerthCli.CreateRootCommand(args).Subcommands.Select(c => c.Name));

    private static string Describe(Command command) =>
        $"{string.Join(",", command.Aliases)} [{string.Join(",", command.Options.Select(o => o.Name))}] [{string.Join(",", command.Arguments.Select(a => a.Name))}] {{{string.Join(";", command.Subcommands.Select(Describe))}}}";
}

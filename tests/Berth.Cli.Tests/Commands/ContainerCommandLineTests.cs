using Berth.Cli.Commands;

namespace Berth.Cli.Tests.Commands;

public sealed class ContainerCommandLineTests
{
    private static string[] Protect(params string[] args) => ContainerCommandLine.Protect(BerthCli.CreateRootCommand(), args);

    [Fact]
    public void Protect_TopWithPsFlags_TheFlagsBelongToPs() =>
        Assert.Equal(["--root", "/r", "top", "--", "web", "-eo", "pid,comm"], Protect("--root", "/r", "top", "web", "-eo", "pid,comm"));

    [Fact]
    public void Protect_ExecCommandWithOptions_TheOptionsBelongToTheCommand() =>
        Assert.Equal(["exec", "-u", "1", "--", "web", "ls", "-l"], Protect("exec", "-u", "1", "web", "ls", "-l"));

    [Fact]
    public void Protect_RunWithRestartPolicy_ThePolicyIsAnOptionsValue() =>
        Assert.Equal(["run", "-d", "--restart", "always", "--", "img", "sh"], Protect("run", "-d", "--restart", "always", "img", "sh"));

    [Fact]
    public void Protect_BundledFlagsInlineValuesAndGlobalOptionsAfterTheVerb_AreOptions() =>
        Assert.Equal(["container", "run", "-dit", "--name=web", "-p8080:80", "-e", "A=1", "--root", "/r", "--", "img", "sh", "-c", "x"],
            Protect("container", "run", "-dit", "--name=web", "-p8080:80", "-e", "A=1", "--root", "/r", "img", "sh", "-c", "x"));

    [Fact]
    public void Protect_PodTopWithPsFlags_TheFlagsBelongToPs() =>
        Assert.Equal(["pod", "top", "--", "p1", "-eo", "pid,args"], Protect("pod", "top", "p1", "-eo", "pid,args"));

    [Fact]
    public void Protect_OtherPodVerbs_AreLeftAlone() =>
        Assert.Equal(["pod", "create", "--infra-command", "/pause", "p1"], Protect("pod", "create", "--infra-command", "/pause", "p1"));

    [Theory]
    [InlineData(new[] { "run", "--rm", "--foo", "img", "true" }, "unknown flag: --foo\nSee 'berth run --help'")]
    [InlineData(new[] { "container", "create", "--foo=1", "img" }, "unknown flag: --foo\nSee 'berth container create --help'")]
    [InlineData(new[] { "run", "-x", "img" }, "unknown shorthand flag: 'x' in -x\nSee 'berth run --help'")]
    [InlineData(new[] { "exec", "-ix", "web", "sh" }, "unknown shorthand flag: 'x' in -ix\nSee 'berth exec --help'")]
    public void Protect_AnOptionTheVerbDoesNotHave_IsRefusedInPodmansWords_NotTakenForTheImage(string[] args, string message)
    {
        var refused = Assert.Throws<UnknownFlagException>(() => Protect(args));

        Assert.Equal(message, refused.Message);
        Assert.Equal(125, refused.ExitCode);
    }
}

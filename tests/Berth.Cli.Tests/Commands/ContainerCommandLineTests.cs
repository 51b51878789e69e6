using Berth.Cli.Commands;

namespace Berth.Cli.Tests.Commands;

public sealed class ContainerCommandLineTests
{
    [Fact]
    public void Protect_TopWithPsFlags_TheFlagsBelongToPs() =>
        Assert.Equal(["--root", "/r", "top", "--", "web", "-eo", "pid,comm"], ContainerCommandLine.Protect(["--root", "/r", "top", "web", "-eo", "pid,comm"]));

    [Fact]
    public void Protect_ExecCommandWithOptions_TheOptionsBelongToTheCommand() =>
        Assert.Equal(["exec", "-u", "1", "--", "web", "ls", "-l"], ContainerCommandLine.Protect(["exec", "-u", "1", "web", "ls", "-l"]));

    [Fact]
    public void Protect_RunWithRestartPolicy_ThePolicyIsAnOptionsValue() =>
        Assert.Equal(["run", "-d", "--restart", "always", "--", "img", "sh"], ContainerCommandLine.Protect(["run", "-d", "--restart", "always", "img", "sh"]));

    [Fact]
    public void Protect_PodTopWithPsFlags_TheFlagsBelongToPs() =>
        Assert.Equal(["pod", "top", "--", "p1", "-eo", "pid,args"], ContainerCommandLine.Protect(["pod", "top", "p1", "-eo", "pid,args"]));

    [Fact]
    public void Protect_OtherPodVerbs_AreLeftAlone() =>
        Assert.Equal(["pod", "create", "--infra-command", "/pause", "p1"], ContainerCommandLine.Protect(["pod", "create", "--infra-command", "/pause", "p1"]));
}

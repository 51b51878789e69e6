namespace Berth.Acceptance.Containers;

public sealed class ContainerFaultTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Run_MissingCommand_Exits127WithOneLine()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", Image, "/no/such/cmd");

        Assert.Equal(127, result.ExitCode);
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("not found", result.Stderr);
    }

    [Fact]
    public async Task Run_UnknownImage_FailsWithImageNotKnown()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", "localhost/nothing:here", "true");

        Assert.Equal(125, result.ExitCode);
        Assert.Equal("Error: localhost/nothing:here: image not known\n", result.Stderr);
    }

    [Fact]
    public async Task Run_NameInUse_IsRefused()
    {
        await RunDetachedAsync("--name", "taken", Image, "sleep", "100");

        var result = await BerthAsync("run", "--network", "none", "--name", "taken", Image, "true");

        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("Error: the container name \"taken\" is already in use", result.Stderr);
    }

    [Theory]
    [InlineData("logs")]
    [InlineData("stop")]
    [InlineData("kill")]
    [InlineData("rm")]
    [InlineData("pause")]
    public async Task Verb_UnknownContainer_FailsWithNoSuchContainer(string verb)
    {
        var result = await BerthAsync(verb, "nosuchcontainer");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("Error: no container with name or ID \"nosuchcontainer\" found: no such container\n", result.Stderr);
    }

    [Theory]
    [InlineData("--memory", "lots")]
    [InlineData("--cpus", "-1")]
    [InlineData("-p", "80")]
    [InlineData("-v", "bad@name:/x")]
    [InlineData("--network", "mesh")]
    [InlineData("--security-opt", "apparmor=x")]
    public async Task Run_BadFlag_OneLineErrorAndNothingCreated(string flag, string value)
    {
        var result = await BerthAsync("run", "--network", "none", flag, value, Image, "true");
        var all = await BerthAsync("ps", "-a", "-q");

        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.Equal("", all.Stdout);
    }

    [Theory]
    [InlineData(new[] { "--foo" }, "Error: unknown flag: --foo\nSee 'berth run --help'\n")]
    [InlineData(new[] { "-x" }, "Error: unknown shorthand flag: 'x' in -x\nSee 'berth run --help'\n")]
    [InlineData(new[] { "--privileged" }, "Error: --privileged is not supported by Berth\n")]
    [InlineData(new[] { "--log-driver=none" }, "Error: --log-driver is not supported by Berth\n")]
    [InlineData(new[] { "--pull", "missing" }, "Error: --pull is not supported by Berth\n")]
    public async Task Run_FlagBerthDoesNotHave_RefusedAsAFlag_NotTakenForTheImage(string[] flag, string error)
    {
        var result = await BerthAsync(["run", "--rm", "--network", "none", .. flag, Image, "true"]);
        var all = await BerthAsync("ps", "-a", "-q");

        Assert.Equal((125, error), (result.ExitCode, result.Stderr));
        Assert.Equal("", all.Stdout);
    }

    [Fact]
    public async Task Ps_UnknownFlag_PodmansWords()
    {
        var result = await BerthAsync("ps", "--foo");

        Assert.Equal((125, "Error: unknown flag: --foo\nSee 'berth ps --help'\n"), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task Run_Crun_ExplainsTheHybridCgroupHost()
    {
        var result = await BerthAsync("--runtime", "crun", "run", "--rm", "--network", "none", Image, "true");
        var all = await BerthAsync("ps", "-a", "-q");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("crun cannot run containers on this host", result.Stderr);
        Assert.Equal("", all.Stdout);
    }
}

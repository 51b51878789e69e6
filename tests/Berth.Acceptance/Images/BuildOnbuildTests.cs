using System.Runtime.Versioning;

namespace Berth.Acceptance.Images;

/// <summary>ONBUILD through `berth build`: triggers stored in the config run when a later build starts FROM the image, with that build's context.</summary>
[SupportedOSPlatform("linux")]
public sealed class BuildOnbuildTests : IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _parent = new();
    private readonly BuildContext _child = new();

    public BuildOnbuildTests()
    {
        _parent.WithFile("msg", "from the parent's context\n").WithContainerfile("""
            FROM base
            COPY msg /parent-msg
            ONBUILD COPY msg /msg
            onbuild RUN cat /msg > /copied
            """);
        _child.WithFile("msg", "from the child's context\n").WithContainerfile("""
            FROM parent
            RUN cat /copied /parent-msg > /both
            """);
    }

    [Fact]
    public async Task Build_FromImageWithTriggers_RunsThemFirstWithTheChildsContextAndDoesNotPassThemOn()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");

        var parent = await _root.BerthAsync("build", "-t", "parent", _parent.Path);
        var child = await _root.BerthAsync("build", "-t", "child", _child.Path);
        var again = await _root.BerthAsync("build", "-t", "child", _child.Path);

        Assert.True(parent.ExitCode == 0, parent.Stderr);
        var parentConfig = (await ImageInspection.InspectAsync(_root, "parent")).GetProperty("Config");
        Assert.Equal(["COPY msg /msg", "RUN cat /msg > /copied"], parentConfig.GetProperty("OnBuild").EnumerateArray().Select(e => e.GetString()));
        Assert.False(File.Exists(Path.Combine((await ImageInspection.LayerDirectoriesAsync(_root, "parent"))[^1], "msg")));
        Assert.True(child.ExitCode == 0, child.Stderr);
        Assert.Contains("STEP 1/2: FROM parent\nONBUILD 1/2: COPY msg /msg\n", child.Stdout);
        Assert.Contains("ONBUILD 2/2: RUN cat /msg > /copied\n", child.Stdout);
        var layers = await ImageInspection.LayerDirectoriesAsync(_root, "child");
        Assert.Equal("from the child's context\nfrom the parent's context\n", await File.ReadAllTextAsync(Path.Combine(layers[^1], "both")));
        Assert.False((await ImageInspection.InspectAsync(_root, "child")).GetProperty("Config").TryGetProperty("OnBuild", out _));
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(3, again.Stdout.Split('\n').Count(l => l.StartsWith("--> Using cache", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Build_TriggerFails_FailsNamingTheFromLine()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _parent.WithContainerfile("FROM base\nONBUILD RUN exit 7\n");
        _child.WithContainerfile("# child\nFROM parent\n");

        var parent = await _root.BerthAsync("build", "-t", "parent", _parent.Path);
        var child = await _root.BerthAsync("build", "-t", "child", _child.Path);

        Assert.True(parent.ExitCode == 0, parent.Stderr);
        Assert.NotEqual(0, child.ExitCode);
        Assert.Equal("Error: Containerfile:2: RUN exit 7: exit status 7", child.Stderr.Trim().Split('\n')[^1]);
    }

    public void Dispose()
    {
        _parent.Dispose();
        _child.Dispose();
        _root.Dispose();
    }
}

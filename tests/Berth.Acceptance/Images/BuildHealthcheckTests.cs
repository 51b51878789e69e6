using System.Runtime.Versioning;
using System.Text.Json;

namespace Berth.Acceptance.Images;

/// <summary>HEALTHCHECK through `berth build`: stored in the image config as Docker stores it, inherited, and disabled by NONE.</summary>
[SupportedOSPlatform("linux")]
public sealed class BuildHealthcheckTests : IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();

    [Fact]
    public async Task Build_Healthcheck_InTheConfigWithNanosecondDurationsInheritedAndDisabledByNone()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithContainerfile("""
            FROM base
            HEALTHCHECK --interval=1m30s --timeout=5s --start-period=10s --retries=4 \
              CMD wget -q -O- http://localhost:8080/ || exit 1
            """);
        using var child = new BuildContext();
        child.WithContainerfile("FROM checked\nENV CHILD=1\n");
        using var disabled = new BuildContext();
        disabled.WithContainerfile("FROM checked\nHEALTHCHECK NONE\n");
        using var exec = new BuildContext();
        exec.WithContainerfile("FROM checked\nHEALTHCHECK CMD [\"/bin/true\"]\n");

        var build = await _root.BerthAsync("build", "-t", "checked", _context.Path);
        var builds = new[]
        {
            await _root.BerthAsync("build", "-t", "child", child.Path),
            await _root.BerthAsync("build", "-t", "disabled", disabled.Path),
            await _root.BerthAsync("build", "-t", "exec", exec.Path),
        };

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.All(builds, b => Assert.True(b.ExitCode == 0, b.Stderr));
        var expected = """{"Test":["CMD-SHELL","wget -q -O- http://localhost:8080/ || exit 1"],"Interval":90000000000,"Timeout":5000000000,"StartPeriod":10000000000,"Retries":4}""";
        Assert.Equal(expected, await HealthcheckAsync("checked"));
        Assert.Equal(expected, await HealthcheckAsync("child"));
        Assert.Equal("""{"Test":["NONE"]}""", await HealthcheckAsync("disabled"));
        Assert.Equal("""{"Test":["CMD","/bin/true"]}""", await HealthcheckAsync("exec"));
    }

    [Fact]
    public async Task Build_BadHealthcheck_FailsNamingTheLine()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithContainerfile("FROM base\nRUN true\nHEALTHCHECK --interval=often CMD true\n");

        var build = await _root.BerthAsync("build", "-t", "bad", _context.Path);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal("Error: Containerfile:3: HEALTHCHECK --interval=often: not a duration (such as 30s, 1m30s)", build.Stderr.Trim());
        Assert.DoesNotContain("STEP", build.Stdout);
    }

    public void Dispose()
    {
        _context.Dispose();
        _root.Dispose();
    }

    private async Task<string> HealthcheckAsync(string image) =>
        JsonSerializer.Serialize((await ImageInspection.InspectAsync(_root, image)).GetProperty("Config").GetProperty("Healthcheck"));
}

using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>`ps` with Podman 4.3's --format, --filter, --no-trunc, --noheading and -q on real containers.</summary>
public sealed class ContainerListTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Ps_FormatFilterNoTruncNoheading_AsPodmanPrintsThem()
    {
        var web = await RunDetachedAsync("--name", "web", "--label", "tier=front", Image, "sleep", "300");
        var job = await BerthAsync("run", "--name", "job", "--network", "none", Image, "sh", "-c", "exit 3");
        Assert.Equal(3, job.ExitCode);

        var fields = await BerthAsync("ps", "--format", "{{.Names}} {{.Image}} {{.Labels}} {{.Command}} {{.State}}");
        var exited = await BerthAsync("ps", "--filter", "exited=3", "--format", "{{.Names}} {{.ExitCode}} {{.Exited}}");
        var quiet = await BerthAsync("ps", "-a", "-q", "--no-trunc", "--filter", "label=tier=front");
        var table = await BerthAsync("ps", "-a", "--format", "table {{.ID}}\t{{.Names}}", "--filter", "name=^web$");
        var noHeading = await BerthAsync("ps", "-a", "--noheading", "--format", "table {{.Names}} {{.Status}}", "--filter", "ancestor=busybox", "--filter", "status=exited");
        var json = await BerthAsync("ps", "--format", "json", "--filter", "id=" + web[..6]);

        Assert.Matches(@"^web localhost/busybox:test map\[tier:front\] sleep 300 Up .+ ago\n$", fields.Stdout);
        Assert.Equal("job 3 true\n", exited.Stdout);
        Assert.Equal(web + "\n", quiet.Stdout);
        Assert.Matches($@"^CONTAINER ID\s+NAMES\n{web[..12]}\s+web\n$", table.Stdout);
        Assert.Matches(@"^job\s+Exited \(3\) .+ ago\n$", noHeading.Stdout);
        var listed = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(web, listed.GetProperty("Id").GetString());
        Assert.Equal("web", listed.GetProperty("Names")[0].GetString());
        Assert.Equal("front", listed.GetProperty("Labels").GetProperty("tier").GetString());
    }

    [Theory]
    [InlineData("--filter", "color=red")]
    [InlineData("--filter", "name=[")]
    [InlineData("--format", "{{range .}}x")]
    public async Task Ps_UnknownFilterOrTemplate_OneLineErrorAndExit125(string option, string value)
    {
        var result = await BerthAsync("ps", option, value);

        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal("", result.Stdout);
    }
}

using System.Runtime.Versioning;
using System.Text.Json;

namespace Berth.Acceptance.Images;

/// <summary>`images` with Podman 4.3's --format, --filter, --no-trunc, --noheading and -q on real images.</summary>
[SupportedOSPlatform("linux")]
public sealed class ImageListTests : IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();

    [Fact]
    public async Task Images_FormatFilterNoTruncNoheading_AsPodmanPrintsThem()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "localhost/busybox:test");
        _context.WithContainerfile("FROM localhost/busybox:test\nLABEL tier=front\n");
        var build = await _root.BerthAsync("build", "-t", "localhost/labelled:1", _context.Path);
        Assert.True(build.ExitCode == 0, build.Stderr);

        var labelled = await _root.BerthAsync("images", "--format", "{{.Repository}}:{{.Tag}} {{.Labels}}", "--filter", "label=tier=front");
        var table = await _root.BerthAsync("images", "--noheading", "--format", "table {{.Repository}} {{.Tag}}", "--filter", "reference=busybox");
        var quiet = await _root.BerthAsync("images", "-q", "--no-trunc", "--filter", "reference=labelled:1");
        var headed = await _root.BerthAsync("images", "--format", "table {{.ID}}\t{{.Size}}", "--filter", "reference=labelled");
        var json = await _root.BerthAsync("images", "--format", "json", "--filter", "reference=localhost/labelled");
        var none = await _root.BerthAsync("images", "--filter", "dangling=true", "--format", "{{.ID}}");

        Assert.Equal("localhost/labelled:1 map[tier:front]\n", labelled.Stdout);
        Assert.Matches(@"^localhost/busybox\s+test\n$", table.Stdout);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", quiet.Stdout);
        Assert.Matches($@"^IMAGE ID\s+SIZE\n{quiet.Stdout[7..19]}\s+\S+ [kM]?B\n$", headed.Stdout);
        var image = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal("localhost/labelled:1", image.GetProperty("Names")[0].GetString());
        Assert.Equal("front", image.GetProperty("Labels").GetProperty("tier").GetString());
        Assert.Equal("", none.Stdout);
    }

    [Theory]
    [InlineData("--filter", "color=red")]
    [InlineData("--filter", "dangling=maybe")]
    [InlineData("--format", "{{range .}}x")]
    public async Task Images_UnknownFilterOrTemplate_OneLineErrorAndExit125(string option, string value)
    {
        var result = await _root.BerthAsync("images", option, value);

        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    public void Dispose()
    {
        _context.Dispose();
        _root.Dispose();
    }
}

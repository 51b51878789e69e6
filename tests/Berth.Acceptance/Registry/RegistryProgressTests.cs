using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Acceptance.Images;

namespace Berth.Acceptance.Registry;

/// <summary>What pull and push print when stderr is not a terminal: one plain line per finished step, no bars.</summary>
public sealed partial class RegistryProgressTests(DockerRegistry registry) : IClassFixture<DockerRegistry>, IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly string _repo = $"progress{Random.Shared.Next():x}";

    [Fact]
    public async Task PullAndPush_NotATerminal_OneLinePerStep()
    {
        var local = $"localhost/{_repo}:1";
        await TestImages.ImportBusyboxAsync(_root.Path, local);
        var remote = $"{registry.Domain}/{_repo}:1";
        var push = await _root.BerthAsync("push", local, remote);
        var manifest = JsonDocument.Parse(await DockerRegistry.RunAsync("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{remote}")).RootElement;
        var config = Short(manifest.GetProperty("config"));
        var layers = manifest.GetProperty("layers").EnumerateArray().Select(Short).ToList();
        using var other = new TempEngineRoot();

        var pull = await other.BerthAsync("pull", remote);
        var again = await other.BerthAsync("pull", remote);

        Assert.Equal(0, push.ExitCode);
        Assert.Equal(
            [$"Pushing {local} to {remote}...", $"Copying config {config} done", .. layers.Order(StringComparer.Ordinal).Select(l => $"Copying blob {l} done"), "Writing manifest to image destination"],
            Steps(push.Stderr));
        Assert.Equal(0, pull.ExitCode);
        Assert.Equal(
            [$"Trying to pull {remote}...", $"Copying config {config} done", .. layers.Order(StringComparer.Ordinal).Select(l => $"Copying blob {l} done"), "Writing manifest to image destination"],
            Steps(pull.Stderr));
        Assert.All(pull.Stderr.Split('\n').Where(l => l.Contains(" done", StringComparison.Ordinal)), l => Assert.Matches(SizeSuffix(), l));
        Assert.DoesNotContain('\r', pull.Stderr);
        Assert.DoesNotContain('\e', pull.Stderr);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(
            [$"Trying to pull {remote}...", $"Copying config {config} skipped: already exists", .. layers.Order(StringComparer.Ordinal).Select(l => $"Copying blob {l} skipped: already exists"), "Writing manifest to image destination"],
            Steps(again.Stderr));
    }

    [Fact]
    public async Task Pull_Quiet_PrintsOnlyTheImageId()
    {
        var local = $"localhost/{_repo}:q";
        await TestImages.ImportBusyboxAsync(_root.Path, local);
        var remote = $"{registry.Domain}/{_repo}:q";
        await _root.BerthAsync("push", "-q", local, remote);
        using var other = new TempEngineRoot();

        var pull = await other.BerthAsync("pull", "-q", remote);

        Assert.Equal(0, pull.ExitCode);
        Assert.Equal("", pull.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", pull.Stdout);
    }

    public void Dispose() => _root.Dispose();

    private static string Short(JsonElement descriptor) => descriptor.GetProperty("digest").GetString()![..(7 + 12)];

    /// <summary>The lines of stderr with the sizes cut off, blobs in manifest order (they finish in any order).</summary>
    private static List<string> Steps(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => SizeSuffix().Replace(l, "")).ToList();
        var blobs = lines.Where(l => l.StartsWith("Copying blob ", StringComparison.Ordinal)).ToList();
        var others = lines.Except(blobs).ToList();
        return [.. others.Take(2), .. blobs.Order(StringComparer.Ordinal), .. others.Skip(2)];
    }

    [GeneratedRegex(@" [0-9]+(\.[0-9]+)? (B|kB|MB)$")]
    private static partial Regex SizeSuffix();
}

using Berth.Acceptance.Images;

namespace Berth.Acceptance.Registry;

/// <summary>What a user sees when the registry is down or has no such image: one line, a non-zero exit, no image.</summary>
public sealed class RegistryFaultTests(DockerRegistry registry) : IClassFixture<DockerRegistry>, IDisposable
{
    private readonly TempEngineRoot _root = new();

    [Fact]
    public async Task Pull_RegistryDown_OneLineErrorAndNoImage()
    {
        var pull = await _root.BerthAsync("pull", "127.0.0.1:1/nothing:1");

        AssertOneLineError(pull, "cannot reach 127.0.0.1:1");
        await AssertNoImagesAsync();
    }

    [Fact]
    public async Task Pull_UnknownRepository_ReportsNameUnknown()
    {
        var pull = await _root.BerthAsync("pull", $"{registry.Domain}/never-pushed{Random.Shared.Next():x}:1");

        AssertOneLineError(pull, "unknown");
        await AssertNoImagesAsync();
    }

    [Fact]
    public async Task Pull_UnknownTag_ReportsManifestUnknown()
    {
        var repo = $"tags{Random.Shared.Next():x}";
        await TestImages.ImportBusyboxAsync(_root.Path, $"localhost/{repo}:1");
        await _root.BerthAsync("push", $"localhost/{repo}:1", $"{registry.Domain}/{repo}:1");
        using var other = new TempEngineRoot();

        var pull = await other.BerthAsync("pull", $"{registry.Domain}/{repo}:2");
        var images = await other.BerthAsync("images", "-q");

        AssertOneLineError(pull, "manifest unknown");
        Assert.Equal("", images.Stdout.Trim());
    }

    [Fact]
    public async Task Push_UnknownLocalImage_SaysImageNotKnown()
    {
        var push = await _root.BerthAsync("push", "localhost/absent:1", $"{registry.Domain}/absent:1");

        AssertOneLineError(push, "image not known");
    }

    [Fact]
    public async Task Pull_InvalidPlatform_IsRefusedBeforeAnyRequest()
    {
        var pull = await _root.BerthAsync("pull", "--platform", "linux", $"{registry.Domain}/x:1");

        AssertOneLineError(pull, "invalid platform linux");
    }

    public void Dispose() => _root.Dispose();

    internal static void AssertOneLineError(ProcessResult result, string expected)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("Error: ", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    private async Task AssertNoImagesAsync()
    {
        var images = await _root.BerthAsync("images", "-q");
        Assert.Equal("", images.Stdout.Trim());
    }
}

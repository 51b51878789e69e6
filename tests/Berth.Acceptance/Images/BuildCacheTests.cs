using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace Berth.Acceptance.Images;

[SupportedOSPlatform("linux")]
public sealed partial class BuildCacheTests : IDisposable
{
    private const string Containerfile = """
        FROM base
        ARG FLAVOR=plain
        COPY one.txt /one.txt
        RUN echo "$FLAVOR $(cat /proc/sys/kernel/random/uuid)" > /stamp
        COPY two.txt /two.txt
        RUN cat /one.txt /two.txt > /both
        CMD ["cat", "/both"]
        """;

    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();

    public BuildCacheTests() => _context.WithFile("one.txt", "1\n").WithFile("two.txt", "2\n").WithContainerfile(Containerfile);

    [Fact]
    public async Task Build_WarmRebuild_ReusesEveryStepAndGivesTheSameImage()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");

        var cold = await _root.BerthAsync("build", "-t", "cached", _context.Path);
        File.SetLastWriteTimeUtc(Path.Combine(_context.Path, "one.txt"), DateTime.UtcNow.AddHours(1));
        var warm = await _root.BerthAsync("build", "-t", "cached:again", _context.Path);

        Assert.True(cold.ExitCode == 0, cold.Stderr);
        Assert.True(warm.ExitCode == 0, warm.Stderr);
        Assert.Empty(CacheHits(cold.Stdout));
        Assert.Equal([2, 3, 4, 5, 6, 7], CacheHits(warm.Stdout));
        Assert.Equal(cold.Stdout.Trim().Split('\n')[^1], warm.Stdout.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task Build_ChangedFile_InvalidatesItsStepAndTheOnesAfter()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        await _root.BerthAsync("build", "-t", "cached", _context.Path);
        var stamp = await ReadFromImageAsync("cached", "/stamp");

        _context.WithFile("two.txt", "changed\n");
        var rebuilt = await _root.BerthAsync("build", "-t", "cached", _context.Path);

        Assert.True(rebuilt.ExitCode == 0, rebuilt.Stderr);
        Assert.Equal([2, 3, 4], CacheHits(rebuilt.Stdout));
        Assert.Equal(stamp, await ReadFromImageAsync("cached", "/stamp"));
        Assert.Equal("1\nchanged\n", await ReadFromImageAsync("cached", "/both"));
    }

    [Fact]
    public async Task Build_ChangedBuildArg_InvalidatesFromItsArgOn()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        await _root.BerthAsync("build", "-t", "cached", _context.Path);

        var rebuilt = await _root.BerthAsync("build", "-t", "cached", "--build-arg", "FLAVOR=spicy", _context.Path);

        Assert.True(rebuilt.ExitCode == 0, rebuilt.Stderr);
        Assert.Empty(CacheHits(rebuilt.Stdout));
        Assert.StartsWith("spicy ", await ReadFromImageAsync("cached", "/stamp"));
    }

    [Fact]
    public async Task Build_NoCache_RunsEveryStepAgain()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        await _root.BerthAsync("build", "-t", "cached", _context.Path);
        var stamp = await ReadFromImageAsync("cached", "/stamp");

        var rebuilt = await _root.BerthAsync("build", "--no-cache", "-t", "cached", _context.Path);

        Assert.True(rebuilt.ExitCode == 0, rebuilt.Stderr);
        Assert.Empty(CacheHits(rebuilt.Stdout));
        Assert.NotEqual(stamp, await ReadFromImageAsync("cached", "/stamp"));
    }

    [Fact]
    public async Task Build_CacheImages_AreIntermediateImagesListedWithAll()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");

        var build = await _root.BerthAsync("build", "-t", "cached", _context.Path);
        var list = await _root.BerthAsync("images");
        var all = await _root.BerthAsync("images", "-a");

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal(0, list.Stdout.Split('\n').Count(l => l.StartsWith("<none>")));
        Assert.Equal(5, all.Stdout.Split('\n').Count(l => l.StartsWith("<none>")));
    }

    [Fact]
    public async Task Build_AfterPruneOfDanglingImages_RunsEveryStepAgain()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        await _root.BerthAsync("build", "-t", "cached", _context.Path);

        await _root.BerthAsync("rmi", "cached");
        var prune = await _root.BerthAsync("image", "prune", "-f");
        var rebuilt = await _root.BerthAsync("build", "-t", "cached", _context.Path);

        Assert.Equal(0, prune.ExitCode);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Stderr);
        Assert.Empty(CacheHits(rebuilt.Stdout));
    }

    public void Dispose()
    {
        _context.Dispose();
        _root.Dispose();
    }

    /// <summary>The numbers of the steps the build took from the cache.</summary>
    private static List<int> CacheHits(string output)
    {
        var hits = new List<int>();
        var step = 0;
        foreach (var line in output.Split('\n'))
        {
            if (StepLine().Match(line) is { Success: true } match)
            {
                step = int.Parse(match.Groups[1].Value);
            }
            else if (line.StartsWith("--> Using cache ", StringComparison.Ordinal))
            {
                hits.Add(step);
            }
        }
        return hits;
    }

    /// <summary>A file's content in the image, read through its topmost layer that has it.</summary>
    private async Task<string> ReadFromImageAsync(string image, string path)
    {
        var layers = await ImageInspection.LayerDirectoriesAsync(_root, image);
        return await File.ReadAllTextAsync(layers.Select(l => Path.Combine(l, path.TrimStart('/'))).Last(File.Exists));
    }

    [GeneratedRegex(@"^STEP (\d+)/\d+: ")]
    private static partial Regex StepLine();
}

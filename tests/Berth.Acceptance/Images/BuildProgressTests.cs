using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace Berth.Acceptance.Images;

/// <summary>What a build prints about its own steps: bars on a terminal, one plain line per finished copy and commit otherwise.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class BuildProgressTests : IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();

    public BuildProgressTests() => _context.WithFile("data.bin", new string('x', 3_000_000)).WithContainerfile("""
        FROM base
        COPY data.bin /data.bin
        RUN echo ran > /ran
        """);

    [Fact]
    public async Task Build_NotATerminal_OnePlainLinePerCopyAndCommitBetweenTheStepLines()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");

        var build = await _root.BerthAsync("build", "-t", "plain", _context.Path);
        var rebuild = await _root.BerthAsync("build", "-t", "plain", _context.Path);
        var diffIds = (await ImageInspection.InspectAsync(_root, "plain")).GetProperty("RootFS").GetProperty("Layers").EnumerateArray().Select(e => e.GetString()![..19]).ToList();

        Assert.True(build.ExitCode == 0, build.Stderr);
        var lines = build.Stdout.Split('\n').ToList();
        Assert.Equal(
            ["STEP 1/3: FROM base", "STEP 2/3: COPY data.bin /data.bin", "Copying files sha256:HASH done 3 MB", $"Committing layer {diffIds[1]} done SIZE", "--> ID",
             "STEP 3/3: RUN echo ran > /ran", $"Committing layer {diffIds[2]} done SIZE", "--> ID"],
            lines.Take(8).Select(Normalize));
        Assert.Matches(@"^Committing layer sha256:[0-9a-f]{12} done 3(\.\d+)? MB$", lines[3]);
        Assert.Matches(@"^Committing layer sha256:[0-9a-f]{12} done [0-9.]+ kB$", lines[6]);
        Assert.DoesNotContain('\e', build.Stdout + build.Stderr);
        Assert.True(rebuild.ExitCode == 0, rebuild.Stderr);
        Assert.Contains("--> Using cache", rebuild.Stdout);
        Assert.DoesNotContain("Committing layer", rebuild.Stdout);
        Assert.DoesNotContain("Copying files", rebuild.Stdout);
    }

    [Fact]
    public async Task Build_OnATerminal_DrawsABarPerCopyAndCommitAndKeepsTheStepLines()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");

        var (code, output) = await PseudoTerminal.RunAsync(PseudoTerminal.BerthCommand("--root", _root.Path, "build", "-t", "bars", _context.Path), term: "xterm", timeout: TimeSpan.FromMinutes(2));

        Assert.True(code == 0, output);
        Assert.Contains("STEP 2/3: COPY data.bin /data.bin", output);
        Assert.Contains("STEP 3/3: RUN echo ran > /ran", output);
        Assert.Matches(@"Copying files sha256:[0-9a-f]{12}.*100%.*2\.9 MiB", output);
        Assert.Matches(@"Committing layer sha256:[0-9a-f]{12}.*100%.*MiB", output);
        Assert.Contains("\e[", output);
        Assert.DoesNotMatch(@"(Copying files|Committing layer) sha256:[0-9a-f]{12} done", output);
    }

    /// <summary>A line with the short ids, the digest of copied files and the sizes of commits replaced by placeholders.</summary>
    private static string Normalize(string line)
    {
        line = FilesDigest().Replace(ShortId().Replace(line, "--> ID"), "sha256:HASH");
        return line.StartsWith("Committing layer", StringComparison.Ordinal) ? Size().Replace(line, "done SIZE") : line;
    }

    public void Dispose()
    {
        _context.Dispose();
        _root.Dispose();
    }

    [GeneratedRegex("^--> [0-9a-f]{12}$")]
    private static partial Regex ShortId();

    [GeneratedRegex("(?<=Copying files )sha256:[0-9a-f]{12}")]
    private static partial Regex FilesDigest();

    [GeneratedRegex(@"done [0-9.]+ (B|kB|MB)$")]
    private static partial Regex Size();
}

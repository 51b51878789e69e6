using System.Runtime.Versioning;

namespace Berth.Acceptance.Images;

[SupportedOSPlatform("linux")]
public sealed class MultiStageBuildTests : IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();

    [Fact]
    public async Task Build_MultiStage_CopiesFromStagesAndKeepsOnlyTheTargetsLayers()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithFile("src/a.txt", "alpha\n").WithContainerfile("""
            ARG BASE=base
            FROM $BASE AS builder
            COPY src /src
            RUN cat /src/a.txt /src/a.txt > /out.txt && echo scratch > /builder-only
            FROM scratch AS broken
            RUN exit 9
            FROM ${BASE}
            COPY --from=builder /out.txt /by-name.txt
            COPY --from=0 /src/a.txt /by-index.txt
            COPY --from=base /etc/passwd /by-image.txt
            """);

        var build = await _root.BerthAsync("build", "-t", "multi", _context.Path);
        var layers = await ImageInspection.LayerDirectoriesAsync(_root, "multi");

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains("[2/2] STEP 4/4: COPY --from=base /etc/passwd /by-image.txt", build.Stdout);
        Assert.DoesNotContain("exit 9", build.Stdout);
        Assert.Equal(4, layers.Count);
        Assert.Equal("alpha\nalpha\n", await File.ReadAllTextAsync(Path.Combine(layers[1], "by-name.txt")));
        Assert.Equal("alpha\n", await File.ReadAllTextAsync(Path.Combine(layers[2], "by-index.txt")));
        Assert.StartsWith("root:x:0:0", await File.ReadAllTextAsync(Path.Combine(layers[3], "by-image.txt")));
        Assert.DoesNotContain(layers, l => File.Exists(Path.Combine(l, "builder-only")) || Directory.Exists(Path.Combine(l, "src")));
    }

    [Fact]
    public async Task Build_Target_StopsAtThatStageAndNamesIt()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithContainerfile("""
            FROM base AS first
            RUN echo one > /one
            FROM first AS second
            RUN echo two > /two
            FROM base
            RUN exit 1
            """);

        var build = await _root.BerthAsync("build", "--target", "second", "-t", "staged", _context.Path);
        var layers = await ImageInspection.LayerDirectoriesAsync(_root, "staged");

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal(3, layers.Count);
        Assert.Equal("one\n", await File.ReadAllTextAsync(Path.Combine(layers[1], "one")));
        Assert.Equal("two\n", await File.ReadAllTextAsync(Path.Combine(layers[2], "two")));
    }

    [Theory]
    [InlineData("FROM base\nCOPY --from=1 /etc/passwd /p\n", new string[0], "Error: Containerfile:2: --from=1: no stage 1 before this one")]
    [InlineData("FROM base AS a\nCOPY --from=b /x /x\nFROM base AS b\n", new[] { "--target", "a" }, "Error: Containerfile:2: --from=b: stage b is not built before this one")]
    [InlineData("FROM nosuchimage\n", new[] { "--pull=never" }, "Error: Containerfile:1: nosuchimage: image not known")]
    [InlineData("FROM base\n\nCOPY --from=nosuchstage /x /x\n", new[] { "--pull=never" }, "Error: Containerfile:3: nosuchstage: image not known")]
    [InlineData("FROM base AS one\nFROM one\n", new[] { "--target", "two" }, "Error: Containerfile:2: target stage two not found (--target)")]
    [InlineData("FROM base AS x\nFROM base AS X\n", new string[0], "Error: Containerfile:2: duplicate stage name X")]
    public async Task Build_BadStageReference_FailsNamingFileAndLine(string containerfile, string[] options, string error)
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithContainerfile(containerfile);

        var build = await _root.BerthAsync(["build", "-t", "broken", .. options, _context.Path]);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal(error, build.Stderr.Trim());
        Assert.DoesNotContain("broken", (await _root.BerthAsync("images")).Stdout);
    }

    [Fact]
    public async Task Build_IgnoreFile_LeavesExcludedPathsOutOfCopies()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithFile("app/main.sh", "main\n")
            .WithFile("app/debug.log", "log\n")
            .WithFile("app/logs/keep.log", "kept\n")
            .WithFile("app/node_modules/x/y.js", "js\n")
            .WithFile("secret.key", "k\n")
            .WithFile(".dockerignore", "app/main.sh\n")
            .WithFile(".containerignore", """
                # comments and blank lines are skipped

                **/*.log
                !app/logs/keep.log
                **/node_modules
                /secret.key
                """)
            .WithContainerfile("FROM base\nCOPY . /ctx/\n");

        var build = await _root.BerthAsync("build", "-t", "ignored", _context.Path);
        var layer = (await ImageInspection.LayerDirectoriesAsync(_root, "ignored"))[^1];
        var copied = Directory.EnumerateFiles(Path.Combine(layer, "ctx"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(layer, "ctx"), f)).Order().ToList();

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal([".containerignore", ".dockerignore", "Containerfile", "app/logs/keep.log", "app/main.sh"], copied);
    }

    [Fact]
    public async Task Build_CopyOfAnIgnoredFile_FailsAsIfItWereMissing()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithFile("secret.key", "k\n").WithFile(".containerignore", "*.key\n").WithContainerfile("FROM base\nCOPY secret.key /\n");

        var build = await _root.BerthAsync("build", "-t", "ignored", _context.Path);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal("Error: Containerfile:2: secret.key: no such file or directory in the build context", build.Stderr.Trim());
    }

    public void Dispose()
    {
        _context.Dispose();
        _root.Dispose();
    }
}

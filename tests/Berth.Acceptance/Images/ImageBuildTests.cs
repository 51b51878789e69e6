using System.Formats.Tar;
using System.Runtime.Versioning;
using System.Text.Json;

namespace Berth.Acceptance.Images;

[SupportedOSPlatform("linux")]
public sealed class ImageBuildTests : IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();

    [Fact]
    public async Task Build_ConfigInstructions_EndUpInTheImageConfig()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithContainerfile("""
            FROM base
            ARG VERSION=1
            ENV APP_HOME=/srv APP_VERSION=$VERSION
            ENV LEGACY value with spaces
            LABEL org.example.name="demo app" version=${APP_VERSION}
            WORKDIR $APP_HOME
            WORKDIR data
            USER nobody
            EXPOSE 8080 53/udp
            VOLUME ["/cache"]
            STOPSIGNAL SIGINT
            ENTRYPOINT ["/bin/echo"]
            CMD hello
            """);

        var build = await _root.BerthAsync("image", "build", "-t", "demo:1", "--build-arg", "VERSION=2", _context.Path);
        var config = await ConfigAsync("demo:1");

        Assert.Equal(0, build.ExitCode);
        Assert.Equal(["APP_HOME=/srv", "APP_VERSION=2", "LEGACY=value with spaces"], Strings(config.GetProperty("Env")).Where(e => !e.StartsWith("PATH=")));
        Assert.Equal("demo app", config.GetProperty("Labels").GetProperty("org.example.name").GetString());
        Assert.Equal("2", config.GetProperty("Labels").GetProperty("version").GetString());
        Assert.Equal("/srv/data", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("nobody", config.GetProperty("User").GetString());
        Assert.Equal(["53/udp", "8080/tcp"], config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["/cache"], config.GetProperty("Volumes").EnumerateObject().Select(p => p.Name));
        Assert.Equal("SIGINT", config.GetProperty("StopSignal").GetString());
        Assert.Equal(["/bin/echo"], Strings(config.GetProperty("Entrypoint")));
        Assert.Equal(["/bin/sh", "-c", "hello"], Strings(config.GetProperty("Cmd")));
    }

    [Fact]
    public async Task Build_CopyAndAdd_KeepModesOwnersAndSymlinksAndExtractTars()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithFile("app/run.sh", "#!/bin/sh\necho run\n", (UnixFileMode)0b111_101_000)
            .WithFile("app/conf/settings", "x=1\n", (UnixFileMode)0b110_100_000)
            .WithSymlink("app/current", "run.sh");
        await WriteTarAsync(Path.Combine(_context.Path, "bundle.tar"), "inner.txt", "from a tar", uid: 42);
        _context.WithContainerfile("""
            FROM base
            COPY app /opt/app/
            COPY --chown=nobody:nogroup --chmod=600 app/conf/settings /etc/settings
            ADD bundle.tar /bundle/
            """);

        var build = await _root.BerthAsync("build", "-t", "files", _context.Path);
        var layers = await LayerDirectoriesAsync("files");

        Assert.Equal(0, build.ExitCode);
        Assert.Equal(4, layers.Count);
        var app = Path.Combine(layers[1], "opt", "app");
        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(Path.Combine(app, "run.sh")));
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(Path.Combine(app, "conf", "settings")));
        Assert.Equal("run.sh", new FileInfo(Path.Combine(app, "current")).LinkTarget);
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(Path.Combine(layers[2], "etc", "settings")));
        Assert.Equal("65534:65534", await FileStatus.OfAsync(Path.Combine(layers[2], "etc", "settings"), "%u:%g"));
        Assert.Equal("from a tar", await File.ReadAllTextAsync(Path.Combine(layers[3], "bundle", "inner.txt")));
        Assert.Equal("42:0", await FileStatus.OfAsync(Path.Combine(layers[3], "bundle", "inner.txt"), "%u:%g"));
    }

    [Fact]
    public async Task Build_RunSteps_ExecuteInAContainerAndTheirChangesBecomeLayers()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithContainerfile("""
            FROM base
            ARG WHO=world
            ENV GREETING=hello
            RUN echo "$GREETING $WHO from $(hostname)" > /greeting && rm /etc/group
            RUN ["/bin/sh", "-c", "id -u > /uid"]
            USER nobody
            RUN id -un > /tmp/who
            """);

        var build = await _root.BerthAsync("build", "-t", "ran", "--build-arg", "WHO=berth", _context.Path);
        var layers = await LayerDirectoriesAsync("ran");

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal(4, layers.Count);
        Assert.StartsWith("hello berth from ", await File.ReadAllTextAsync(Path.Combine(layers[1], "greeting")));
        Assert.Equal("character special file 0:0", await FileStatus.OfAsync(Path.Combine(layers[1], "etc", "group"), "%F %t:%T"));
        Assert.Equal("0\n", await File.ReadAllTextAsync(Path.Combine(layers[2], "uid")));
        Assert.Equal("nobody\n", await File.ReadAllTextAsync(Path.Combine(layers[3], "tmp", "who")));

        var archive = Path.Combine(_root.Path, "ran.tar");
        await _root.BerthAsync("image", "save", "-o", archive, "ran");
        Assert.Contains("etc/.wh.group", await LayerEntryNamesAsync(archive));
    }

    [Fact]
    public async Task Build_ThenPodmanRun_SeesTheBuiltFilesAndDeletions()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithFile("msg", "built by berth\n").WithContainerfile("""
            FROM base
            COPY msg /msg
            RUN rm /etc/group
            CMD ["/bin/sh", "-c", "cat /msg; test -e /etc/group || echo group-gone"]
            """);
        var name = $"localhost/built{Random.Shared.Next():x}:1";
        await _root.BerthAsync("build", "-t", name, _context.Path);
        var archive = Path.Combine(_root.Path, "built.tar");
        await _root.BerthAsync("image", "save", "-o", archive, name);
        using var podman = new PodmanPeer();

        await podman.RunAsync("load", "-i", archive);
        var run = await podman.RunAsync(["run", "--rm", .. PodmanPeer.RunOptions, name]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("built by berth\ngroup-gone\n", run.Stdout);
    }

    [Fact]
    public async Task Build_FromScratchWithCustomFile_MakesAOneLayerImage()
    {
        _context.WithFile("hello.txt", "hi\n").WithContainerfile("FROM scratch\nCOPY hello.txt /\n", "Build.containerfile");

        var build = await _root.BerthAsync("image", "build", "-t", "tiny", "-f", Path.Combine(_context.Path, "Build.containerfile"), _context.Path);
        var layers = await LayerDirectoriesAsync("tiny");

        Assert.Equal(0, build.ExitCode);
        Assert.Single(layers);
        Assert.Equal("hi\n", await File.ReadAllTextAsync(Path.Combine(layers[0], "hello.txt")));
        Assert.Equal(build.Stdout.Trim().Split('\n')[^1], JsonDocument.Parse((await _root.BerthAsync("image", "inspect", "tiny")).Stdout).RootElement[0].GetProperty("Id").GetString());
    }

    [Theory]
    [InlineData("FROM base\nFORM x\n", "Error: Containerfile:2: unknown instruction: FORM")]
    [InlineData("FROM base\nCOPY missing.txt /\n", "Error: Containerfile:2: missing.txt: no such file or directory in the build context")]
    [InlineData("FROM base\n\nRUN exit 3\n", "Error: Containerfile:3: RUN exit 3: exit status 3")]
    [InlineData("FROM base\nRUN nosuchcommand\n", "Error: Containerfile:2: RUN nosuchcommand: exit status 127")]
    [InlineData("FROM base\nEXPOSE http\n", "Error: Containerfile:2: invalid port to EXPOSE: http")]
    public async Task Build_BadContainerfile_FailsNamingFileAndLineAndMakesNoImage(string containerfile, string error)
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithContainerfile(containerfile);

        var build = await _root.BerthAsync("build", "-t", "broken", _context.Path);
        var list = await _root.BerthAsync("images");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal(error, build.Stderr.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("broken", list.Stdout);
    }

    [Fact]
    public async Task Build_NoContainerfile_FailsWithOneLine()
    {
        var build = await _root.BerthAsync("build", "-t", "x", _context.Path);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal($"Error: {Path.Combine(_context.Path, "Containerfile")}: no such Containerfile", build.Stderr.Trim());
    }

    public void Dispose()
    {
        _context.Dispose();
        _root.Dispose();
    }

    private async Task<JsonElement> ConfigAsync(string image) =>
        JsonDocument.Parse((await _root.BerthAsync("image", "inspect", image)).Stdout).RootElement[0].GetProperty("Config");

    private Task<List<string>> LayerDirectoriesAsync(string image) => ImageInspection.LayerDirectoriesAsync(_root, image);

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static async Task WriteTarAsync(string path, string name, string content, int uid)
    {
        await using var file = File.Create(path);
        await using var tar = new TarWriter(file, TarEntryFormat.Pax);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Uid = uid,
            Mode = (UnixFileMode)0b110_100_100,
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
        });
    }

    /// <summary>Every entry name of every layer of every image in a saved archive.</summary>
    private static async Task<List<string>> LayerEntryNamesAsync(string archive)
    {
        var names = new List<string>();
        await using var reader = new TarReader(File.OpenRead(archive));
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (!entry.Name.StartsWith("blobs/") || entry.DataStream is null)
            {
                continue;
            }
            var blob = new MemoryStream();
            await entry.DataStream.CopyToAsync(blob);
            blob.Position = 0;
            if (blob.Length < 2 || blob.GetBuffer()[0] != 0x1f)
            {
                continue;
            }
            await using var layer = new TarReader(new System.IO.Compression.GZipStream(blob, System.IO.Compression.CompressionMode.Decompress));
            while (await layer.GetNextEntryAsync() is { } inner)
            {
                names.Add(inner.Name);
            }
        }
        return names;
    }
}

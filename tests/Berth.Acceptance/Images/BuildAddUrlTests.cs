using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.Versioning;

namespace Berth.Acceptance.Images;

/// <summary>ADD http://… through `berth build`, from a server on loopback the test runs: downloaded as Docker does.</summary>
[SupportedOSPlatform("linux")]
public sealed class BuildAddUrlTests : IDisposable
{
    private static readonly DateTimeOffset Modified = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();
    private readonly LoopbackFileServer _server = new();

    [Fact]
    public async Task Build_AddUrl_DownloadsWithMode0600AndLastModifiedAndNeverExtracts()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _server.Serve("/files/hello.txt", "hello over http\n", Modified);
        _server.Serve("/files/bundle.tar.gz", TarGz("inner.txt", "inside"));
        _context.WithContainerfile($"""
            FROM base
            ADD {_server.BaseUrl}/files/hello.txt /downloads/
            ADD {_server.BaseUrl}/files/hello.txt /renamed.txt
            ADD --chown=nobody:nogroup {_server.BaseUrl}/files/bundle.tar.gz /opt/
            """);

        var build = await _root.BerthAsync("build", "-t", "fetched", _context.Path);
        var layers = await ImageInspection.LayerDirectoriesAsync(_root, "fetched");

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains($"STEP 2/4: ADD {_server.BaseUrl}/files/hello.txt /downloads/\nDownloading {_server.BaseUrl}/files/hello.txt done 16 B\n", build.Stdout);
        var downloaded = Path.Combine(layers[1], "downloads", "hello.txt");
        Assert.Equal("hello over http\n", await File.ReadAllTextAsync(downloaded));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(downloaded));
        Assert.Equal(Modified.UtcDateTime, File.GetLastWriteTimeUtc(downloaded));
        Assert.Equal("hello over http\n", await File.ReadAllTextAsync(Path.Combine(layers[2], "renamed.txt")));
        var bundle = Path.Combine(layers[3], "opt", "bundle.tar.gz");
        Assert.True(File.Exists(bundle));
        Assert.False(File.Exists(Path.Combine(layers[3], "opt", "inner.txt")));
        Assert.Equal("65534:65534", await FileStatus.OfAsync(bundle, "%u:%g"));
    }

    [Fact]
    public async Task Build_AddUrlAgain_DownloadsAgainAndReusesTheCacheUntilTheContentChanges()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _server.Serve("/v", "one\n");
        _context.WithContainerfile($"FROM base\nADD {_server.BaseUrl}/v /v\nRUN cat /v > /copy\n");

        var first = await _root.BerthAsync("build", "-t", "cached", _context.Path);
        var same = await _root.BerthAsync("build", "-t", "cached", _context.Path);
        _server.Serve("/v", "two\n");
        var changed = await _root.BerthAsync("build", "-t", "cached", _context.Path);
        var layers = await ImageInspection.LayerDirectoriesAsync(_root, "cached");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(2, same.Stdout.Split('\n').Count(l => l.StartsWith("--> Using cache", StringComparison.Ordinal)));
        Assert.DoesNotContain("--> Using cache", changed.Stdout);
        Assert.Equal(3, _server.Requests("/v"));
        Assert.Equal("two\n", await File.ReadAllTextAsync(Path.Combine(layers[^1], "copy")));
    }

    [Theory]
    [InlineData("ADD {0}/missing /x", "ADD {0}/missing: 404 Not Found")]
    [InlineData("ADD {0}/files/ /dir/", "ADD {0}/files/: cannot tell a file name from the URL; name the file in the destination")]
    [InlineData("ADD {0}/present local.txt /dir/", "ADD cannot mix URLs and local paths in one instruction")]
    public async Task Build_BadAddUrl_FailsNamingTheLine(string instruction, string error)
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _server.Serve("/present", "here");
        _context.WithFile("local.txt", "local").WithContainerfile($"FROM base\nRUN true\n{string.Format(instruction, _server.BaseUrl)}\n");

        var build = await _root.BerthAsync("build", "-t", "broken", _context.Path);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal($"Error: Containerfile:3: {string.Format(error, _server.BaseUrl)}", build.Stderr.Trim().Split('\n')[^1]);
    }

    public void Dispose()
    {
        _server.Dispose();
        _context.Dispose();
        _root.Dispose();
    }

    private static byte[] TarGz(string name, string content)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
        }
        return buffer.ToArray();
    }
}

using System.Formats.Tar;
using System.Text.Json;

namespace Berth.Acceptance.Images;

public sealed class ImageArchiveTests : IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly TempEngineRoot _other = new();

    [Fact]
    public async Task Save_ThenLoadIntoAnotherRoot_KeepsIdNameAndFiles()
    {
        var id = await TestImages.ImportBusyboxAsync(_root.Path, "bb:saved");
        var archive = Path.Combine(_root.Path, "bb.tar");

        var save = await _root.BerthAsync("image", "save", "-o", archive, "bb:saved");
        var load = await _other.BerthAsync("image", "load", "-i", archive);
        var inspect = await _other.BerthAsync("image", "inspect", "bb:saved");

        Assert.Equal(0, save.ExitCode);
        Assert.Equal("Loaded image: localhost/bb:saved", load.Stdout.Trim());
        var image = JsonDocument.Parse(inspect.Stdout).RootElement[0];
        Assert.Equal(id, image.GetProperty("Id").GetString());
        var layer = image.GetProperty("LayerDirectories")[0].GetString()!;
        Assert.Equal("busybox", new FileInfo(Path.Combine(layer, "bin", "sh")).LinkTarget);
    }

    [Fact]
    public async Task Save_WritesAnOciLayoutWithRefNamesAndADockerManifest()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "bb:v1");
        var archive = Path.Combine(_root.Path, "bb.tar");

        await _root.BerthAsync("image", "save", "-o", archive, "bb:v1");

        var files = new Dictionary<string, byte[]>();
        await using (var reader = new TarReader(File.OpenRead(archive)))
        {
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }
        Assert.Contains("\"imageLayoutVersion\":\"1.0.0\"", System.Text.Encoding.UTF8.GetString(files["oci-layout"]));
        var index = JsonDocument.Parse(files["index.json"]).RootElement;
        Assert.Equal("localhost/bb:v1", index.GetProperty("manifests")[0].GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        var docker = JsonDocument.Parse(files["manifest.json"]).RootElement[0];
        Assert.Equal("localhost/bb:v1", docker.GetProperty("RepoTags")[0].GetString());
        Assert.Contains(docker.GetProperty("Config").GetString()!, files.Keys);
    }

    [Fact]
    public async Task Save_UnknownImage_FailsAndWritesNothing()
    {
        var archive = Path.Combine(_root.Path, "none.tar");

        var result = await _root.BerthAsync("image", "save", "-o", archive, "ghost");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("Error: ghost: image not known", result.Stderr.Trim());
        Assert.False(File.Exists(archive));
    }

    [Fact]
    public async Task Load_NotAnArchive_FailsWithOneLine()
    {
        var junk = Path.Combine(_root.Path, "junk.tar");
        await File.WriteAllTextAsync(junk, "this is no archive");

        var result = await _root.BerthAsync("image", "load", "-i", junk);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Load_MissingFile_FailsWithOneLine()
    {
        var result = await _root.BerthAsync("image", "load", "-i", "/nonexistent.tar");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("Error: /nonexistent.tar: no such file", result.Stderr.Trim());
    }

    [Fact]
    public async Task Rm_ImportedImage_RemovesItAndItsFiles()
    {
        var id = await TestImages.ImportBusyboxAsync(_root.Path, "bb");

        var rm = await _root.BerthAsync("image", "rm", "bb");
        var list = await _root.BerthAsync("images", "-q");

        Assert.Equal(0, rm.ExitCode);
        Assert.Equal(["Untagged: localhost/bb:latest", $"Deleted: {id}"], rm.Stdout.Trim().Split('\n'));
        Assert.Equal("", list.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root.Path, "snapshots")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root.Path, "blobs", "sha256")));
    }

    [Fact]
    public async Task Rmi_UnknownImage_FailsWithExitCode1()
    {
        var result = await _root.BerthAsync("rmi", "ghost");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: ghost: image not known", result.Stderr.Trim());
    }

    public void Dispose()
    {
        _root.Dispose();
        _other.Dispose();
    }
}

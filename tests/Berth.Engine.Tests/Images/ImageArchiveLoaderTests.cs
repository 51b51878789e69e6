using System.Formats.Tar;
using System.Text;
using Berth.Engine.Images.Archive;
using Berth.Engine.Store;
using Berth.Engine.Tests.Snapshots;

namespace Berth.Engine.Tests.Images;

public sealed class ImageArchiveLoaderTests : IDisposable
{
    private readonly ImageStoreFixture _source = new();
    private readonly ImageStoreFixture _target = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-archive-");

    [Fact]
    public async Task LoadAsync_SavedImage_NamesItWithItsLayerAndLeavesNoTempFiles()
    {
        var image = await _source.ImportAsync("saved", "hello");
        var archive = await SaveAsync("saved");

        var loaded = await new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None);

        Assert.Equal(["localhost/saved:latest"], loaded);
        var resolved = await _target.Store.ResolveAsync("saved");
        Assert.Equal(image.Id, resolved.Id);
        Assert.Equal(image.Manifest, (await _target.Store.FindAsync("saved")).Manifest);
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(resolved.LayerDirectories[0], "file")));
        Assert.Equal(image.Size, (await _target.Store.FindAsync("saved")).Size);
        Assert.Empty(Directory.Exists(_target.Store.Layout.TempDirectory) ? Directory.EnumerateFileSystemEntries(_target.Store.Layout.TempDirectory) : []);
    }

    [Fact]
    public async Task LoadAsync_ImageAlreadyPresent_KeepsItsBlobsAndAddsTheName()
    {
        await _source.ImportAsync("first", "same");
        var archive = await SaveAsync("first");
        await new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None);
        var blobTimes = _target.Store.Blobs.List().ToDictionary(d => d, d => File.GetLastWriteTimeUtc(_target.Store.Blobs.PathOf(d)));

        await new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None);

        Assert.Single(await _target.Store.ListAsync());
        Assert.Equal(blobTimes, _target.Store.Blobs.List().ToDictionary(d => d, d => File.GetLastWriteTimeUtc(_target.Store.Blobs.PathOf(d))));
    }

    [Fact]
    public async Task LoadAsync_ImageAlreadyNamed_LeavesTheIndexUnwritten()
    {
        await _source.ImportAsync("again", "same");
        var archive = await SaveAsync("again");
        await new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None);
        var index = new FileInfo(_target.Store.Layout.ImageIndexFile);
        var written = index.LastWriteTimeUtc;

        var loaded = await new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None);

        Assert.Equal(["localhost/again:latest"], loaded);
        index.Refresh();
        Assert.Equal(written, index.LastWriteTimeUtc);
    }

    [Fact]
    public async Task LoadAsync_NameHeldByAnotherImage_MovesTheName()
    {
        await _source.ImportAsync("moved", "archived");
        var archive = await SaveAsync("moved");
        await new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None);
        var other = await _target.ImportAsync("moved", "imported later");

        await new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None);

        Assert.NotEqual(other.Id, (await _target.Store.FindAsync("moved")).Id);
        Assert.Empty((await _target.Store.ListAsync()).Single(i => i.Id == other.Id).Names);
    }

    [Fact]
    public async Task LoadAsync_BlobNotMatchingItsName_FailsAndNamesNothing()
    {
        await _source.ImportAsync("tampered", "original");
        var archive = await SaveAsync("tampered");
        var manifest = (await _source.Store.ReadManifestAsync(await _source.Store.FindAsync("tampered"))).Layers[0].Digest;
        var forged = Rewrite(archive, entry => entry.Name == $"blobs/sha256/{Digest.Parse(manifest).Hex}" ? Encoding.UTF8.GetBytes("forged") : null);

        var error = await Assert.ThrowsAsync<BerthException>(() => new ImageArchiveLoader(_target.Store).LoadAsync(forged, CancellationToken.None));

        Assert.Contains("digest", error.Message);
        Assert.Empty(await _target.Store.ListAsync());
    }

    [Fact]
    public async Task LoadAsync_DockerArchiveWithPlainLayerTar_LoadsTheLayer()
    {
        var layer = new LayerTar().File("greeting", "hi").ToArray();
        var diffId = Digest.Of(layer);
        var config = $$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""";
        var archive = Path.Combine(_dir.FullName, "docker.tar");
        await using (var file = File.Create(archive))
        await using (var tar = new TarWriter(file, TarEntryFormat.Pax))
        {
            Add(tar, "abc/layer.tar", layer);
            Add(tar, "config.json", Encoding.UTF8.GetBytes(config));
            Add(tar, "manifest.json", Encoding.UTF8.GetBytes("""[{"Config":"config.json","RepoTags":["example.com/greeter:1"],"Layers":["abc/layer.tar"]}]"""));
        }

        var loaded = await new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None);

        Assert.Equal(["example.com/greeter:1"], loaded);
        var resolved = await _target.Store.ResolveAsync("example.com/greeter:1");
        Assert.Equal("hi", await File.ReadAllTextAsync(Path.Combine(resolved.LayerDirectories[0], "greeting")));
    }

    [Fact]
    public async Task LoadAsync_EntryEscapingTheArchive_IsRefused()
    {
        var archive = Path.Combine(_dir.FullName, "escape.tar");
        await using (var file = File.Create(archive))
        await using (var tar = new TarWriter(file, TarEntryFormat.Pax))
        {
            Add(tar, "manifest.json", Encoding.UTF8.GetBytes("""[{"Config":"../../etc/passwd","RepoTags":["x:1"],"Layers":[]}]"""));
        }

        var error = await Assert.ThrowsAsync<BerthException>(() => new ImageArchiveLoader(_target.Store).LoadAsync(archive, CancellationToken.None));

        Assert.Contains("escapes", error.Message);
    }

    private async Task<string> SaveAsync(string reference)
    {
        var archive = Path.Combine(_dir.FullName, $"{reference}.tar");
        await new ImageArchiveWriter(_source.Store).SaveAsync([reference], archive, CancellationToken.None);
        return archive;
    }

    /// <summary>A copy of <paramref name="archive"/> whose entries <paramref name="replace"/> gives new content for.</summary>
    private string Rewrite(string archive, Func<TarEntry, byte[]?> replace)
    {
        var copy = Path.Combine(_dir.FullName, $"rewritten-{Path.GetFileName(archive)}");
        using var reader = new TarReader(File.OpenRead(archive));
        using var output = File.Create(copy);
        using var writer = new TarWriter(output, TarEntryFormat.Pax);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            if (replace(entry) is { } bytes)
            {
                entry.DataStream = new MemoryStream(bytes);
            }
            writer.WriteEntry(entry);
        }
        return copy;
    }

    private static void Add(TarWriter tar, string name, byte[] content) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0x1A4, DataStream = new MemoryStream(content) });

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
        _dir.Delete(recursive: true);
    }
}

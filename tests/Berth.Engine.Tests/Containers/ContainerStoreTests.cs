using Berth.Engine.Containers;

namespace Berth.Engine.Tests.Containers;

public sealed class ContainerStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-store-").FullName;
    private readonly ContainerStore _store;

    public ContainerStoreTests() => _store = new ContainerStore(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ContainerRecord Allocate(string? name = null) => _store.Allocate(name, (id, n) => new ContainerRecord
    {
        Id = id,
        Name = n,
        ImageId = "sha256:abc",
        ImageReference = "localhost/x:latest",
        Command = ["true"],
        Created = DateTimeOffset.UtcNow,
        Runtime = "runc",
    });

    [Fact]
    public void Allocate_NoName_GivesUniqueIdAndGeneratedName()
    {
        var a = Allocate();
        var b = Allocate();

        Assert.Equal(64, a.Id.Length);
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotEqual(a.Name, b.Name);
        Assert.Matches("^[a-z]+_[a-z]+[0-9]*$", a.Name);
    }

    [Fact]
    public void Allocate_NameTaken_Throws()
    {
        Allocate("web");

        var error = Assert.Throws<BerthException>(() => Allocate("web"));

        Assert.Contains("\"web\" is already in use", error.Message);
    }

    [Theory]
    [InlineData("-bad")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    public void Allocate_InvalidName_Throws(string name)
    {
        Assert.Throws<BerthException>(() => Allocate(name));
    }

    [Fact]
    public void Find_ByNameIdOrUniquePrefix_ReturnsTheRecord()
    {
        var record = Allocate("db");

        Assert.Equal(record.Id, _store.Find("db").Id);
        Assert.Equal(record.Id, _store.Find(record.Id).Id);
        Assert.Equal(record.Id, _store.Find(record.Id[..6]).Id);
    }

    [Fact]
    public void Find_Unknown_ThrowsNoSuchContainer()
    {
        var error = Assert.Throws<BerthException>(() => _store.Find("ghost"));

        Assert.Equal("no container with name or ID \"ghost\" found: no such container", error.Message);
    }

    [Fact]
    public void List_DirectoryWithoutRecord_IsSkipped()
    {
        Allocate("kept");
        Directory.CreateDirectory(Path.Combine(_store.Root, new string('f', 64)));

        Assert.Equal("kept", Assert.Single(_store.List()).Name);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsStatusAndExit()
    {
        var record = Allocate() with { Status = ContainerStatus.Exited, ExitCode = 137, OomKilled = true };

        _store.Save(record);
        var loaded = _store.Load(record.Id)!;

        Assert.Equal(ContainerStatus.Exited, loaded.Status);
        Assert.Equal(137, loaded.ExitCode);
        Assert.True(loaded.OomKilled);
        Assert.Contains("\"imageId\"", File.ReadAllText(_store.PathsOf(record.Id).State));
        Assert.False(File.Exists(_store.PathsOf(record.Id).State + ".tmp"));
    }

    [Fact]
    public void Delete_RemovesTheDirectory()
    {
        var record = Allocate();

        _store.Delete(record.Id);

        Assert.False(Directory.Exists(_store.PathsOf(record.Id).Directory));
        Assert.Empty(_store.List());
    }

    [Fact]
    public async Task Allocate_FromManyThreadsWithOneName_OnlyOneWins()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            try
            {
                Allocate("race");
                return true;
            }
            catch (BerthException)
            {
                return false;
            }
        }));

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
    }
}

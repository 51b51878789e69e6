using Berth.Engine.Containers;
using System.Text.Json;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Network;
using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Containers;

public sealed class ContainerStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-store-").FullName;
    private readonly ContainerStore _store;

    public ContainerStoreTests() => _store = new ContainerStore(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<ContainerRecord> AllocateAsync(string? name = null) =>
        (await _store.AllocateAsync(name, (id, n) => Task.FromResult((TestContainerRecords.Minimal(id, n), 0)))).Record;

    [Fact]
    public async Task Allocate_NoName_GivesUniqueIdAndGeneratedName()
    {
        var a = await AllocateAsync();
        var b = await AllocateAsync();

        Assert.Equal(64, a.Id.Length);
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotEqual(a.Name, b.Name);
        Assert.Matches("^[a-z]+_[a-z]+[0-9]*$", a.Name);
    }

    [Fact]
    public async Task Allocate_NameTaken_Throws()
    {
        await AllocateAsync("web");

        var error = await Assert.ThrowsAsync<ConflictException>(() => AllocateAsync("web"));

        Assert.Contains("\"web\" is already in use", error.Message);
    }

    [Theory]
    [InlineData("-bad")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    public async Task Allocate_InvalidName_Throws(string name)
    {
        await Assert.ThrowsAsync<InvalidArgumentException>(() => AllocateAsync(name));
    }

    [Fact]
    public async Task Find_ByNameIdOrUniquePrefix_ReturnsTheRecord()
    {
        var record = await AllocateAsync("db");

        Assert.Equal(record.Id, _store.Find("db").Id);
        Assert.Equal(record.Id, _store.Find(record.Id).Id);
        Assert.Equal(record.Id, _store.Find(record.Id[..6]).Id);
    }

    [Fact]
    public void Find_Unknown_ThrowsNoSuchContainer()
    {
        var error = Assert.Throws<NotFoundException>(() => _store.Find("ghost"));

        Assert.Equal("no container with name or ID \"ghost\" found: no such container", error.Message);
    }

    [Fact]
    public async Task List_DirectoryWithoutRecord_IsSkipped()
    {
        await AllocateAsync("kept");
        Directory.CreateDirectory(Path.Combine(_store.Root, new string('f', 64)));

        Assert.Equal("kept", Assert.Single(_store.List()).Name);
    }

    [Fact]
    public async Task Save_WritesWhatTheReadingContextWrites_AndAnotherStoreReadsItBack()
    {
        var record = await AllocateAsync() with
        {
            Status = ContainerStatus.Running,
            Pid = 42,
            StartedAt = DateTimeOffset.UnixEpoch,
            ExitCode = 3,
            Network = NetworkMode.None,
            Ports = [new PortMapping("127.0.0.1", 8080, 80)],
            Mounts = [new BindMount("/src", "/dst", ReadOnly: true)],
            Tmpfs = [new TmpfsMount("/run", ["size=64k"])],
            Labels = new Dictionary<string, string> { ["a"] = "b" },
            Resources = new ResourceLimits(MemoryBytes: 1 << 20, Cpus: 0.5),
            RestartPolicy = new RestartPolicy("on-failure", 3),
            RestartDelay = TimeSpan.FromSeconds(2),
        };

        _store.Save(record);
        var written = File.ReadAllText(_store.PathsOf(record.Id).State);
        var loaded = new ContainerStore(_root).Load(record.Id)!;

        Assert.Equal(JsonSerializer.Serialize(record, ContainerRecordJsonContext.Default.ContainerRecord), written);
        Assert.Equal(written, JsonSerializer.Serialize(loaded, ContainerRecordJsonContext.Default.ContainerRecord));
    }

    [Fact]
    public async Task Save_ThenLoad_RoundTripsStatusAndExit()
    {
        var record = await AllocateAsync() with { Status = ContainerStatus.Exited, ExitCode = 137, OomKilled = true };

        _store.Save(record);
        var loaded = _store.Load(record.Id)!;

        Assert.Equal(ContainerStatus.Exited, loaded.Status);
        Assert.Equal(137, loaded.ExitCode);
        Assert.True(loaded.OomKilled);
        Assert.Contains("\"imageId\"", File.ReadAllText(_store.PathsOf(record.Id).State));
        Assert.False(File.Exists(_store.PathsOf(record.Id).State + ".tmp"));
    }

    [Fact]
    public async Task Load_SeesWhatAnotherProcessWrote_AndReusesAnUnchangedRecord()
    {
        var record = await AllocateAsync();
        var first = _store.Load(record.Id);
        Assert.Same(first, _store.Load(record.Id));

        new ContainerStore(_root).Save(record with { Status = ContainerStatus.Running, Pid = 42 });
        var changed = _store.Load(record.Id)!;

        Assert.Equal((ContainerStatus.Running, 42), (changed.Status, changed.Pid));
        Assert.Same(changed, _store.List().Single());
    }

    [Fact]
    public async Task ListAndLoad_SeeAContainerAnotherProcessRemovedAsGone()
    {
        var record = await AllocateAsync();
        Assert.Single(_store.List());

        new ContainerStore(_root).Delete(record.Id);

        Assert.Empty(_store.List());
        Assert.Null(_store.Load(record.Id));
    }

    [Fact]
    public async Task Delete_RemovesTheDirectory()
    {
        var record = await AllocateAsync();

        _store.Delete(record.Id);

        Assert.False(Directory.Exists(_store.PathsOf(record.Id).Directory));
        Assert.Empty(_store.List());
    }

    [Fact]
    public async Task Delete_ContainerAlreadyRemovedByAnotherProcess_DoesNothing()
    {
        var record = await AllocateAsync();
        var other = await AllocateAsync("other");
        _store.Delete(record.Id);

        _store.Delete(record.Id);

        Assert.Equal([other.Id], _store.List().Select(r => r.Id));
    }

    [Fact]
    public async Task Allocate_FromManyThreadsWithOneName_OnlyOneWins()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await AllocateAsync("race");
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
    [Fact]
    public async Task Rename_FreeName_FoundByTheNewNameOnly()
    {
        var web = await AllocateAsync("web");

        var renamed = _store.Rename(web, "shop");

        Assert.Equal("shop", renamed.Name);
        Assert.Equal(web.Id, _store.Find("shop").Id);
        Assert.Throws<NotFoundException>(() => _store.Find("web"));
    }

    [Fact]
    public async Task Rename_TakenOrInvalidName_Throws()
    {
        var web = await AllocateAsync("web");
        await AllocateAsync("db");

        var error = Assert.Throws<ConflictException>(() => _store.Rename(web, "db"));
        Assert.Throws<InvalidArgumentException>(() => _store.Rename(web, "bad name"));

        Assert.Equal($"renaming container {web.Id}: name db already in use, cannot rename container {web.Id}: container already exists", error.Message);
        Assert.Equal("web", _store.Find(web.Id).Name);
    }

    [Fact]
    public async Task Save_RestartState_IsReadBack()
    {
        var record = await AllocateAsync("flaky");
        _store.Save(record with { RestartPolicy = new RestartPolicy("on-failure", 2), RestartCount = 1, RestartDelay = TimeSpan.FromMilliseconds(200), StoppedByUser = true });

        var read = _store.Find("flaky");

        Assert.Equal(new RestartPolicy("on-failure", 2), read.RestartPolicy);
        Assert.Equal(1, read.RestartCount);
        Assert.Equal(TimeSpan.FromMilliseconds(200), read.RestartDelay);
        Assert.True(read.StoppedByUser);
        Assert.DoesNotContain("allowsAutoRemove", File.ReadAllText(_store.PathsOf(read.Id).State));
    }

    [Fact]
    public async Task IsAttached_WhileAClientHoldsTheAttachLock_TrueThenFalse()
    {
        var record = await AllocateAsync();
        var directory = _store.PathsOf(record.Id).Directory;

        bool attached;
        using (_store.LockAttached(record.Id))
        {
            attached = ContainerStore.IsAttached(directory);
        }

        Assert.True(attached);
        Assert.False(ContainerStore.IsAttached(directory));
    }

    [Fact]
    public void IsAttached_ContainerGone_False() => Assert.False(ContainerStore.IsAttached(Path.Combine(_store.Root, "gone")));
}

using Berth.Engine.Containers;
using Berth.Engine.Runtime;
using Berth.Engine.Tests.Containers;
using Berth.Engine.Volumes;

namespace Berth.Engine.Tests.Volumes;

public sealed class VolumeStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-volumes-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Ensure_ExistingName_ReturnsTheSameVolumeAndKeepsItsData()
    {
        var store = new VolumeStore(_root);
        var first = store.Ensure("data", new Dictionary<string, string> { ["team"] = "a" });
        File.WriteAllText(Path.Combine(first.Mountpoint, "f"), "x");

        var second = store.Ensure("data");

        Assert.Equal(first, second with { Labels = first.Labels });
        Assert.Equal("a", second.Labels["team"]);
        Assert.Equal(Path.Combine(_root, "volumes", "data", "_data"), second.Mountpoint);
        Assert.Equal("x", File.ReadAllText(Path.Combine(second.Mountpoint, "f")));
        Assert.Equal(["data"], store.List().Select(v => v.Name));
    }

    [Fact]
    public void Ensure_NoName_MakesARandomName()
    {
        var volume = new VolumeStore(_root).Ensure(null);

        Assert.Equal(64, volume.Name.Length);
        Assert.True(Directory.Exists(volume.Mountpoint));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("no/slash")]
    [InlineData(".hidden")]
    [InlineData("..")]
    public void Ensure_InvalidName_ThrowsAndCreatesNothing(string name)
    {
        var store = new VolumeStore(_root);

        Assert.Throws<InvalidArgumentException>(() => store.Ensure(name));
        Assert.Empty(store.List());
    }

    [Fact]
    public void Find_Missing_IsNotFound()
    {
        var error = Assert.Throws<NotFoundException>(() => new VolumeStore(_root).Find("nosuch"));

        Assert.Equal("get nosuch: no such volume", error.Message);
    }

    [Fact]
    public async Task Remove_UsedByAContainer_IsInUseUntilTheContainerIsGone()
    {
        var volumes = new VolumeStore(_root);
        var containers = new ContainerStore(_root);
        var volume = volumes.Ensure("held");
        var (record, _) = await containers.AllocateAsync("holder", (id, name) => Task.FromResult((Record(id, name, volume), 0)));
        var remover = new VolumeRemover(volumes, containers);

        var error = Assert.Throws<InUseException>(() => remover.Remove("held"));
        Assert.Empty(remover.Prune());
        containers.Delete(record.Id);
        remover.Remove("held");

        Assert.Contains(record.Id, error.Message);
        Assert.Empty(volumes.List());
        Assert.False(Directory.Exists(Path.Combine(_root, "volumes", "held")));
        Assert.Throws<NotFoundException>(() => remover.Remove("held"));
        remover.Remove("held", force: true);
    }

    private static ContainerRecord Record(string id, string name, VolumeRecord volume) =>
        TestContainerRecords.Minimal(id, name) with { Mounts = [new BindMount(volume.Mountpoint, "/data") { VolumeName = volume.Name }] };
}

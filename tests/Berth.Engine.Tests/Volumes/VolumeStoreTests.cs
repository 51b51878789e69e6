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

        Assert.Equal(first, second with { Labels = first.Labels, Options = first.Options });
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

    [Fact]
    public void Create_ExistingName_ConflictsWithPodmansWording()
    {
        var store = new VolumeStore(_root);
        store.Create("data", null, null);

        var error = Assert.Throws<ConflictException>(() => store.Create("data", null, null));

        Assert.Equal("volume with name data already exists: volume already exists", error.Message);
    }

    [Fact]
    public void Create_Options_KeptInTheRecord()
    {
        var store = new VolumeStore(_root);

        store.Create("fast", null, VolumeOptions.Parse(["type=tmpfs", "device=tmpfs", "o=size=10m,nodev", "copy"]));

        Assert.Equal(new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=10m,nodev", ["copy"] = "" }, store.Find("fast").Options);
        Assert.True(store.Exists("fast"));
        Assert.False(store.Exists("slow"));
    }

    [Fact]
    public void Parse_UnknownOption_PodmansError()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => VolumeOptions.Parse(["bogus=1"]));

        Assert.Equal("invalid mount option bogus for driver 'local': invalid argument", error.Message);
    }

    [Theory]
    [InlineData("size=64m,nodev,noexec", 0xCUL, "size=64m")]
    [InlineData("ro", 0x1UL, null)]
    [InlineData(null, 0x0UL, null)]
    [InlineData("uid=1000,gid=1000,rw", 0x0UL, "uid=1000,gid=1000")]
    public void MountFlags_GenericFlagsApart_FilesystemOptionsKept(string? o, ulong flags, string? data)
    {
        Assert.Equal((flags, data), VolumeOptions.MountFlags(o));
    }

    [Fact]
    public async Task Prune_Filter_RemovesOnlyUnusedVolumesItAccepts()
    {
        var volumes = new VolumeStore(_root);
        var containers = new ContainerStore(_root);
        volumes.Create("keep", new Dictionary<string, string> { ["k"] = "v" }, null);
        volumes.Create("other", null, null);
        var used = volumes.Create("used", new Dictionary<string, string> { ["k"] = "v" }, null);
        await containers.AllocateAsync("holder", (id, name) => Task.FromResult((Record(id, name, used), 0)));
        var remover = new VolumeRemover(volumes, containers);

        var removed = remover.Prune(v => v.Labels.ContainsKey("k"));

        Assert.Equal(["keep"], removed);
        Assert.Equal(["other", "used"], volumes.List().Select(v => v.Name));
        Assert.Equal(["used"], remover.UsedNames());
        Assert.Equal(["holder"], remover.UsersOf("used").Select(c => c.Name));
    }

    [Fact]
    public async Task RemoveAnonymousOf_RemovedContainer_TakesItsUnsharedAnonymousVolumesOnly()
    {
        var volumes = new VolumeStore(_root);
        var containers = new ContainerStore(_root);
        var named = volumes.Create("named", null, null);
        var own = volumes.CreateAnonymous();
        var shared = volumes.CreateAnonymous();
        var gone = TestContainerRecords.Minimal(new string('a', 64), "gone") with
        {
            Mounts = [Mount(named, "/n"), Mount(own, "/o"), Mount(shared, "/s")],
        };
        await containers.AllocateAsync("sharer", (id, name) => Task.FromResult((Record(id, name, shared), 0)));

        new VolumeRemover(volumes, containers).RemoveAnonymousOf(gone);

        Assert.True(own.Anonymous);
        Assert.False(named.Anonymous);
        Assert.Equal(new[] { "named", shared.Name }.Order(StringComparer.Ordinal), volumes.List().Select(v => v.Name));
    }

    private static BindMount Mount(VolumeRecord volume, string destination) => new(volume.Mountpoint, destination) { VolumeName = volume.Name };

    private static ContainerRecord Record(string id, string name, VolumeRecord volume) =>
        TestContainerRecords.Minimal(id, name) with { Mounts = [new BindMount(volume.Mountpoint, "/data") { VolumeName = volume.Name }] };
}

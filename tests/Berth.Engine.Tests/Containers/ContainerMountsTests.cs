using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Runtime;
using Berth.Engine.Volumes;

namespace Berth.Engine.Tests.Containers;

public sealed class ContainerMountsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-mounts-").FullName;
    private readonly VolumeStore _volumes;
    private readonly ContainerStore _containers;

    public ContainerMountsTests()
    {
        _volumes = new VolumeStore(_root);
        _containers = new ContainerStore(_root);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Resolve_ImageVolumes_AnonymousUnlessTheUserMountsThere()
    {
        var request = new ContainerCreateRequest { Image = "x", Mounts = [new BindMount("", "/named") { VolumeName = "mine" }] };

        var mounts = new ContainerMounts(_containers, _volumes).Resolve(request, new ImageConfig { Volumes = ["/named/", "/cache"] });

        Assert.Equal(["/named", "/cache"], mounts.Select(m => m.Destination));
        Assert.Equal("mine", mounts[0].VolumeName);
        var anonymous = _volumes.Find(mounts[1].VolumeName!);
        Assert.True(anonymous.Anonymous);
        Assert.Equal(anonymous.Mountpoint, mounts[1].Source);
        Assert.False(_volumes.Find("mine").Anonymous);
    }

    [Fact]
    public async Task Resolve_VolumesFrom_SameMountsWithTheModeAsked()
    {
        var data = _volumes.Create("data", null, null);
        await _containers.AllocateAsync("source", (id, name) => Task.FromResult((TestContainerRecords.Minimal(id, name) with
        {
            Mounts = [new BindMount(data.Mountpoint, "/data") { VolumeName = "data" }, new BindMount("/etc", "/host", ReadOnly: true)],
        }, 0)));
        var mounts = new ContainerMounts(_containers, _volumes);

        var asTheyAre = mounts.Resolve(new ContainerCreateRequest { Image = "x", VolumesFrom = ["source"] }, new ImageConfig());
        var readOnly = mounts.Resolve(new ContainerCreateRequest { Image = "x", VolumesFrom = ["source:z,ro"] }, new ImageConfig());
        var userFirst = mounts.Resolve(new ContainerCreateRequest { Image = "x", VolumesFrom = ["source:rw"], Mounts = [new BindMount("/tmp", "/data")] }, new ImageConfig());

        Assert.Equal([(data.Mountpoint, "/data", false, "data"), ("/etc", "/host", true, null)], asTheyAre.Select(m => (m.Source, m.Destination, m.ReadOnly, m.VolumeName)));
        Assert.All(readOnly, m => Assert.True(m.ReadOnly));
        Assert.Equal([("/tmp", "/data", false), ("/etc", "/host", false)], userFirst.Select(m => (m.Source, m.Destination, m.ReadOnly)));
    }

    [Theory]
    [InlineData("nosuch", "looking up container \"nosuch\" for volumes-from: no container with name or ID \"nosuch\" found: no such container")]
    [InlineData("nosuch:xx", "invalid option \"xx\" specified - volumes from another container can only use z,ro,rw options")]
    public void Resolve_BadVolumesFrom_InvalidArgumentAndNoVolumeMade(string volumesFrom, string message)
    {
        var request = new ContainerCreateRequest { Image = "x", VolumesFrom = [volumesFrom] };

        var error = Assert.Throws<InvalidArgumentException>(() => new ContainerMounts(_containers, _volumes).Resolve(request, new ImageConfig { Volumes = ["/v"] }));

        Assert.Equal(message, error.Message);
        Assert.Empty(_volumes.List());
    }

    [Fact]
    public void CopyUp_FreshVolumesFilled_NoCopyVolumeAndBindsLeftAlone()
    {
        var rootfs = Directory.CreateDirectory(Path.Combine(_root, "rootfs")).FullName;
        foreach (var dir in new[] { "fresh", "nocopy", "bind" })
        {
            Directory.CreateDirectory(Path.Combine(rootfs, dir));
            File.WriteAllText(Path.Combine(rootfs, dir, "f"), dir);
        }
        var fresh = _volumes.CreateAnonymous();
        var nocopy = _volumes.Create("quiet", null, new Dictionary<string, string> { ["nocopy"] = "" });
        var bind = Directory.CreateDirectory(Path.Combine(_root, "bind")).FullName;
        var record = TestContainerRecords.Minimal(new string('b', 64), "c") with
        {
            Mounts =
            [
                new BindMount(fresh.Mountpoint, "/fresh") { VolumeName = fresh.Name },
                new BindMount(nocopy.Mountpoint, "/nocopy") { VolumeName = nocopy.Name },
                new BindMount(bind, "/bind"),
            ],
        };

        new ContainerMounts(_containers, _volumes).CopyUp(record, rootfs);

        Assert.Equal("fresh", File.ReadAllText(Path.Combine(fresh.Mountpoint, "f")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(nocopy.Mountpoint));
        Assert.Empty(Directory.EnumerateFileSystemEntries(bind));
    }
}

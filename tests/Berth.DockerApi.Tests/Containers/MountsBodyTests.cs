using System.Text.Json.Nodes;
using Berth.DockerApi.Containers;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Tests.Containers;

public sealed class MountsBodyTests
{
    private static (List<BindMount> Mounts, List<TmpfsMount> Tmpfs) Read(string hostConfig) => MountsBody.Read(JsonNode.Parse(hostConfig)!.AsObject());

    [Fact]
    public void Read_BindVolumeAndTmpfs_AsTheCliSendsThem()
    {
        var (mounts, tmpfs) = Read("""
            {"Mounts": [
              {"Type": "bind", "Source": "/tmp", "Target": "/host", "ReadOnly": true},
              {"Type": "volume", "Source": "data", "Target": "/data", "VolumeOptions": {"NoCopy": true}},
              {"Type": "volume", "Target": "/cache"},
              {"Type": "tmpfs", "Target": "/t", "TmpfsOptions": {"SizeBytes": 1048576, "Mode": 1023}}],
             "Tmpfs": {"/run": "size=64m", "/x": ""}}
            """);

        Assert.Equal([new BindMount("/tmp", "/host", true), new BindMount("", "/data") { VolumeName = "data", NoCopy = true }, new BindMount("", "/cache") { VolumeName = "" }], mounts);
        Assert.Equal(["/run:rw,noexec,nosuid,nodev,size=64m", "/x:rw,noexec,nosuid,nodev", "/t:rw,noexec,nosuid,nodev,size=1048576,mode=1777"],
            tmpfs.Select(t => $"{t.Destination}:{string.Join(',', t.Options)}"));
    }

    [Theory]
    [InlineData("""{"Type": "bind", "Source": "/no/such/dir", "Target": "/x"}""", "bind source path does not exist: /no/such/dir")]
    [InlineData("""{"Type": "bind", "Source": "/tmp", "Target": "/x", "VolumeOptions": {"NoCopy": true}}""", "VolumeOptions must not be specified on mount type \"bind\"")]
    [InlineData("""{"Type": "volume", "Source": "a/b", "Target": "/x"}""", "invalid volume name \"a/b\"")]
    [InlineData("""{"Type": "volume", "Source": "v", "Target": "x"}""", "mount path must be absolute")]
    [InlineData("""{"Type": "npipe", "Source": "v", "Target": "/x"}""", "mount type \"npipe\" is not supported")]
    public void Read_Bad_DockersError(string mount, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidArgumentException>(() => Read($$"""{"Mounts": [{{mount}}]}""")).Message);
}

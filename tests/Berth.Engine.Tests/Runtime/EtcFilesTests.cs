using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public sealed class EtcFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("berth-etc-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void WriteJoined_OwnHostnameAndTheJoinedContainersHostsAndResolvConf()
    {
        var mounts = EtcFiles.WriteJoined(Path.Combine(_directory, "etc"), "abc123", "/containers/target/etc");

        Assert.Equal(
            [(Path.Combine(_directory, "etc", "hostname"), "/etc/hostname"), ("/containers/target/etc/hosts", "/etc/hosts"), ("/containers/target/etc/resolv.conf", "/etc/resolv.conf")],
            mounts.Select(m => (m.Source, m.Destination)));
        Assert.Equal("abc123\n", File.ReadAllText(Path.Combine(_directory, "etc", "hostname")));
    }
}

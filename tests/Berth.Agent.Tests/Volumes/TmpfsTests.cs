using Berth.Agent.Volumes;

namespace Berth.Agent.Tests.Volumes;

/// <summary>Mounts real tmpfs filesystems in a temporary directory (as root, as the agent runs).</summary>
public sealed class TmpfsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-tmpfs-").FullName;

    [Fact]
    public void EnsureMounted_MountsOnce_AndKeepsWhatIsWrittenThere()
    {
        var volume = Path.Combine(_root, "pod", "volumes", "secret");

        Tmpfs.EnsureMounted(volume, sizeBytes: 1 << 20);
        File.WriteAllText(Path.Combine(volume, "token"), "kept");
        Tmpfs.EnsureMounted(volume, sizeBytes: 1 << 20);

        Assert.Equal([volume], MountTable.Read().Under(_root));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(volume, "token")));
    }

    public void Dispose()
    {
        MountTable.UnmountUnder(_root);
        Directory.Delete(_root, recursive: true);
    }
}

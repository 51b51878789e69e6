namespace Berth.Storage.Tests;

/// <summary>A directory of its own under /tmp, removed with everything in it.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("berth-storage-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

using System.Runtime.Versioning;

namespace Berth.Acceptance.Images;

/// <summary>A throw-away build context directory with a Containerfile and other files.</summary>
[SupportedOSPlatform("linux")]
public sealed class BuildContext : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-context-");

    public string Path => _dir.FullName;

    public BuildContext WithFile(string name, string content, UnixFileMode? mode = null)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is { } m)
        {
            File.SetUnixFileMode(path, m);
        }
        return this;
    }

    public BuildContext WithSymlink(string name, string target)
    {
        File.CreateSymbolicLink(System.IO.Path.Combine(Path, name), target);
        return this;
    }

    public BuildContext WithContainerfile(string content, string name = "Containerfile") => WithFile(name, content);

    public void Dispose() => _dir.Delete(recursive: true);
}

using Berth.Engine.Linux;

namespace Berth.Agent.Volumes;

/// <summary>
/// hostPath: a path of the node itself, mounted as it is (nothing of it is removed with the pod),
/// after kube's type check: DirectoryOrCreate makes a 0755 directory and FileOrCreate an empty 0644
/// file when nothing is there; Directory, File, Socket, CharDevice and BlockDevice must find that kind
/// of file (symbolic links followed); an unset type checks nothing.
/// </summary>
public sealed class HostPathPlugin : IVolumePlugin
{
    private const uint DirectoryMode = 0x1ED; // 0755
    private const uint FileMode0644 = 0x1A4;

    public bool IsApiData => false;

    public bool Handles(VolumeContext context) => context.Volume.HostPath is not null;

    public string HostPath(VolumeContext context) => context.Volume.HostPath.Path;

    public Task SetUpAsync(VolumeContext context, CancellationToken cancellationToken)
    {
        var path = HostPath(context);
        switch (context.Volume.HostPath.Type ?? "")
        {
            case "":
                break;
            case "DirectoryOrCreate":
                if (!Path.Exists(path))
                {
                    Directory.CreateDirectory(path);
                    Posix.Chmod(path, DirectoryMode);
                }
                Expect(path, "Directory", "directory");
                break;
            case "Directory":
                Expect(path, "Directory", "directory");
                break;
            case "FileOrCreate":
                if (!Path.Exists(path))
                {
                    CreateEmptyFile(path);
                }
                Expect(path, "File", "file");
                break;
            case "File":
                Expect(path, "File", "file");
                break;
            case "Socket":
                Expect(path, "Socket", "socket file");
                break;
            case "CharDevice":
                Expect(path, "CharDevice", "character device");
                break;
            case "BlockDevice":
                Expect(path, "BlockDevice", "block device");
                break;
            case var other:
                throw new VolumeSetUpException($"{other} is an invalid volume type");
        }
        return Task.CompletedTask;
    }

    private static void CreateEmptyFile(string path)
    {
        try
        {
            File.Open(path, FileMode.CreateNew, FileAccess.Write).Dispose();
        }
        catch (IOException) when (Path.Exists(path))
        {
            // Made meanwhile: the type check decides.
            return;
        }
        Posix.Chmod(path, FileMode0644);
    }

    /// <summary>kube's typeMatchedOrError, with its wording.</summary>
    private static void Expect(string path, string type, string description)
    {
        if (!Path.Exists(path))
        {
            throw new VolumeSetUpException($"hostPath {path} doesn't exist");
        }
        var actual = (Posix.LStat(Posix.RealPath(path)).FileType) switch
        {
            Posix.Directory => "Directory",
            Posix.RegularFile => "File",
            Posix.Socket => "Socket",
            Posix.CharacterDevice => "CharDevice",
            Posix.BlockDevice => "BlockDevice",
            _ => null,
        };
        if (actual is null)
        {
            throw new VolumeSetUpException(
                $"hostPath type check failed, {path} is not a {description}, unable to determine its type: only recognise file, directory, socket, block device and character device");
        }
        if (actual != type)
        {
            throw new VolumeSetUpException($"hostPath type check failed: {path} is not a {description}, it's a {actual}");
        }
    }
}

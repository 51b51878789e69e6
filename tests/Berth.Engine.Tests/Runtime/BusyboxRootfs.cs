namespace Berth.Engine.Tests.Runtime;

/// <summary>A minimal image layer made from Debian's static busybox, in a temp dir removed on dispose.</summary>
public sealed class BusyboxRootfs : IDisposable
{
    public BusyboxRootfs()
    {
        Root = Directory.CreateTempSubdirectory("berth-busybox-").FullName;
        Layer = Path.Combine(Root, "layer");
        var bin = Path.Combine(Layer, "bin");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(Path.Combine(Layer, "etc"));
        Directory.CreateDirectory(Path.Combine(Layer, "tmp"));
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        foreach (var applet in (string[])["sh", "true", "false", "echo", "cat", "id", "pwd", "sleep", "ls", "touch", "hostname", "env", "stty"])
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }
        File.WriteAllText(Path.Combine(Layer, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        File.WriteAllText(Path.Combine(Layer, "etc/group"), "root:x:0:\nwheel:x:10:nobody\nnogroup:x:65534:\n");
    }

    public string Root { get; }

    /// <summary>The unpacked layer directory, usable as an overlay lower directory.</summary>
    public string Layer { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

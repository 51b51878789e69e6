namespace Berth.ApiServer.Security;

/// <summary>Writes secrets (keys, tokens, kubeconfigs) readable by their owner only, replacing the file atomically.</summary>
public static class PrivateFile
{
    public static void Write(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, path, overwrite: true);
    }
}

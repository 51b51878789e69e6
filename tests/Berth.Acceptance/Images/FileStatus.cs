using System.Diagnostics;

namespace Berth.Acceptance.Images;

/// <summary>stat(1) of a path in a layer, without following links: what the tests check of owners and file types.</summary>
public static class FileStatus
{
    /// <summary>The fields of <paramref name="format"/> (stat -c), such as "%u:%g".</summary>
    public static async Task<string> OfAsync(string path, string format)
    {
        using var process = Process.Start(new ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}

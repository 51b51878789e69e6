using System.Diagnostics;
using Berth.Engine.Linux;

namespace Berth.Engine.Tests.Linux;

/// <summary>Makes real namespaces bound in a temporary directory (as root).</summary>
public sealed class PersistentNamespaceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-ns-").FullName;

    [Fact]
    public async Task CreateAsync_BindsANewNamespace_WhereTheInsideActionRan_AndRemoveUndoesIt()
    {
        var path = Path.Combine(_root, "uts");

        await PersistentNamespace.Uts.CreateAsync(path, () => Namespaces.SetHostname("berth-made-it"));

        Assert.True(PersistentNamespace.IsBound(path));
        Assert.Equal("berth-made-it", await RunAsync("nsenter", $"--uts={path}", "hostname"));
        Assert.NotEqual("berth-made-it", Environment.MachineName);
        PersistentNamespace.Remove(path);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task CreateAsync_OverAnExistingFile_FailsAndLeavesIt()
    {
        var path = Path.Combine(_root, "ipc");
        File.WriteAllText(path, "");

        await Assert.ThrowsAsync<IOException>(() => PersistentNamespace.Ipc.CreateAsync(path));

        Assert.True(File.Exists(path));
        Assert.False(PersistentNamespace.IsBound(path));
    }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_root).Where(PersistentNamespace.IsBound))
        {
            PersistentNamespace.Remove(file);
        }
        Directory.Delete(_root, recursive: true);
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}

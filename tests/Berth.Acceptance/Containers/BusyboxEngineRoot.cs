namespace Berth.Acceptance.Containers;

/// <summary>A temp --root with the busybox test image imported, shared by one test class and deleted after it.</summary>
public sealed class BusyboxEngineRoot : IAsyncLifetime
{
    public const string Image = "localhost/busybox:test";

    public string Path { get; } = Directory.CreateTempSubdirectory("berth-containers-").FullName;

    public Task InitializeAsync() => TestImages.ImportBusyboxAsync(Path, Image);

    public async Task DisposeAsync()
    {
        await RemoveAllContainersAsync();
        EngineRootRemoval.Delete(Path);
    }

    /// <summary>Runs `berth --root ROOT args…`.</summary>
    public Task<ProcessResult> BerthAsync(params string[] args) => BerthBinary.RunAsync(["--root", Path, .. args], stdin: null);

    public Task<ProcessResult> BerthWithStdinAsync(string stdin, params string[] args) => BerthBinary.RunAsync(["--root", Path, .. args], stdin);

    /// <summary>Force-removes every container in the root (each test's teardown).</summary>
    public async Task RemoveAllContainersAsync()
    {
        var ids = await BerthAsync("ps", "-a", "-q");
        foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await BerthAsync("rm", "-f", id.Trim());
        }
    }
}

using Berth.Acceptance.Images;

namespace Berth.Acceptance.Space;

/// <summary>A throw-away --root for one space test; its containers are force-removed and the root deleted afterwards, pass or fail.</summary>
public sealed class SpaceRoot : IAsyncLifetime
{
    private readonly TempEngineRoot _root = new();

    public string Path => _root.Path;

    public Task<ProcessResult> BerthAsync(params string[] args) => _root.BerthAsync(args);

    /// <summary>Runs berth and fails the test with its stderr when it exits non-zero; returns stdout.</summary>
    public async Task<string> MustAsync(params string[] args)
    {
        var result = await BerthAsync(args);
        Assert.True(result.ExitCode == 0, $"berth {string.Join(' ', args)}: {result.Stderr}");
        return result.Stdout;
    }

    public IReadOnlyList<string> Blobs() => Entries("blobs/sha256");

    /// <summary>The snapshot directories (each with its size record, a file beside it).</summary>
    public IReadOnlyList<string> Snapshots() => Names("snapshots", Directory.EnumerateDirectories);

    /// <summary>Full image ids in the store (`images -q` prints short ones).</summary>
    public async Task<IReadOnlyList<string>> ImageIdsAsync() =>
        [.. (await MustAsync("images", "-a", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Order()];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var ids = await BerthAsync("ps", "-a", "-q");
        foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await BerthAsync("rm", "-f", id.Trim());
        }
        // A killed container's conmon runs `container cleanup` on its own: it may still be writing in the root.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _root.Dispose();
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    private IReadOnlyList<string> Entries(string relative) => Names(relative, Directory.EnumerateFileSystemEntries);

    private IReadOnlyList<string> Names(string relative, Func<string, IEnumerable<string>> list)
    {
        var dir = System.IO.Path.Combine(Path, relative);
        return Directory.Exists(dir) ? [.. list(dir).Select(System.IO.Path.GetFileName).OfType<string>().Order()] : [];
    }
}

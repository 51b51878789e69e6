namespace Berth.Acceptance.Space;

/// <summary>`system df` through the real binary: counts, what is in use, and what a prune would free.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SystemDfTests : IAsyncLifetime
{
    private readonly SpaceRoot _root = new();

    [Fact]
    public async Task SystemDf_OneImageUsedByARunningContainerAndOneUnused_ReportsTotalsActiveAndReclaimable()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "localhost/used:1");
        await TestImages.ImportBusyboxAsync(_root.Path, "localhost/unused:1");
        await _root.MustAsync("run", "-d", "--network", "none", "used:1", "sleep", "600");

        var before = Rows(await _root.MustAsync("system", "df"));
        await _root.MustAsync("system", "prune", "-a", "-f");
        var after = Rows(await _root.MustAsync("system", "df"));

        Assert.Equal(["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"], before[0]);
        Assert.Equal(["Images", "2", "1"], before[1][..3]);
        Assert.Equal(["Containers", "1", "1"], before[2][..3]);
        Assert.Equal(["Local", "Volumes", "0", "0", "0B", "0B", "(0%)"], before[3]);
        // Two imports of the same rootfs: the unused one holds about half the bytes.
        Assert.InRange(int.Parse(before[1][^1].Trim('(', '%', ')')), 40, 60);
        Assert.Equal(["0B", "(0%)"], before[2][^2..]);
        Assert.Equal(["Images", "1", "1"], after[1][..3]);
        Assert.Equal(["0B", "(0%)"], after[1][^2..]);
    }

    private static string[][] Rows(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    public Task InitializeAsync() => _root.InitializeAsync();

    public Task DisposeAsync() => _root.DisposeAsync();
}

using Berth.Storage.Compaction;
using Berth.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Storage.Tests.Compaction;

public sealed class PeriodicCompactorTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();
    private SqliteKeyValueStore _store = null!;

    public Task InitializeAsync()
    {
        _store = SqliteKeyValueStore.Open(Path.Combine(_directory.Path, "state.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task CompactOnceAsync_RevisionWindow_KeepsTheLastNRevisions()
    {
        await WriteAsync(10);
        await using var compactor = new PeriodicCompactor(_store, new CompactionPolicy { KeepRevisions = 3, KeepFor = TimeSpan.Zero }, _time);

        var compacted = await compactor.CompactOnceAsync();

        Assert.Equal(7, compacted);
        await _store.ListAsync("/", 7);
        await Assert.ThrowsAsync<RevisionCompactedException>(() => _store.ListAsync("/", 6));
    }

    [Fact]
    public async Task CompactOnceAsync_NothingNewOutsideTheWindow_DoesNothing()
    {
        await WriteAsync(10);
        await using var compactor = new PeriodicCompactor(_store, new CompactionPolicy { KeepRevisions = 3, KeepFor = TimeSpan.Zero }, _time);
        await compactor.CompactOnceAsync();

        Assert.Equal(0, await compactor.CompactOnceAsync());
        await using var wide = new PeriodicCompactor(_store, new CompactionPolicy { KeepRevisions = 100, KeepFor = TimeSpan.Zero }, _time);
        Assert.Equal(0, await wide.CompactOnceAsync());
    }

    [Fact]
    public async Task CompactOnceAsync_TimeWindow_KeepsWhatWasWrittenWithinIt()
    {
        var policy = new CompactionPolicy { KeepRevisions = 0, KeepFor = TimeSpan.FromMinutes(5) };
        await using var compactor = new PeriodicCompactor(_store, policy, _time);
        await WriteAsync(4);
        Assert.Equal(0, await compactor.CompactOnceAsync());   // samples revision 4 at t0
        _time.Advance(TimeSpan.FromMinutes(3));
        await WriteAsync(4);
        Assert.Equal(0, await compactor.CompactOnceAsync());   // samples 8 at t0+3; nothing is 5 minutes old
        _time.Advance(TimeSpan.FromMinutes(2));
        await WriteAsync(4);

        Assert.Equal(4, await compactor.CompactOnceAsync());   // t0 is now 5 minutes old
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(8, await compactor.CompactOnceAsync());
    }

    [Fact]
    public async Task CompactOnceAsync_BothWindows_KeepsTheLargerHistory()
    {
        var policy = new CompactionPolicy { KeepRevisions = 2, KeepFor = TimeSpan.FromMinutes(5) };
        await using var compactor = new PeriodicCompactor(_store, policy, _time);
        await WriteAsync(4);
        await compactor.CompactOnceAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        await WriteAsync(10);

        Assert.Equal(4, await compactor.CompactOnceAsync());
    }

    [Fact]
    public async Task Start_EachInterval_CompactsOnTheFakeClock()
    {
        await WriteAsync(10);
        var policy = new CompactionPolicy { KeepRevisions = 5, KeepFor = TimeSpan.Zero, Interval = TimeSpan.FromMinutes(1) };
        await using var compactor = new PeriodicCompactor(_store, policy, _time);
        var compacted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        compactor.Compacted += revision => compacted.TrySetResult(revision);
        compactor.Start();

        Assert.False(compacted.Task.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(5, await compacted.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task WriteAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _store.CreateAsync($"/k/{Guid.NewGuid():N}", [1]);
        }
    }
}

using System.Text;
using Berth.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Berth.Storage.Tests.Sqlite;

/// <summary>What only the SQLite backend promises: the file, its owner, its rows, slow watchers.</summary>
public sealed class SqliteKeyValueStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "server", "state.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_AfterDispose_KeepsValuesAndRevision()
    {
        long revision;
        await using (var store = SqliteKeyValueStore.Open(DatabasePath))
        {
            var created = await store.CreateAsync("/a", "one"u8.ToArray());
            revision = await store.UpdateAsync("/a", "two"u8.ToArray(), created);
        }

        await using var reopened = SqliteKeyValueStore.Open(DatabasePath);

        Assert.Equal(revision, await reopened.GetRevisionAsync());
        Assert.Equal("two", Encoding.UTF8.GetString((await reopened.GetAsync("/a"))!.Value));
        Assert.Equal(revision + 1, await reopened.CreateAsync("/b", [1]));
    }

    [Fact]
    public async Task Open_FileAlreadyOpen_ThrowsInUse()
    {
        await using var store = SqliteKeyValueStore.Open(DatabasePath);

        var error = Assert.Throws<IOException>(() => SqliteKeyValueStore.Open(DatabasePath));
        Assert.Contains("in use", error.Message);
    }

    [Fact]
    public async Task CompactAsync_SupersededRowsAndTombstones_AreDeletedFromTheLog()
    {
        await using var store = SqliteKeyValueStore.Open(DatabasePath, new SqliteStoreOptions { CompactionBatch = 3 });
        var revision = await store.CreateAsync("/a", [0]);
        for (byte i = 1; i <= 20; i++)
        {
            revision = await store.UpdateAsync("/a", [i], revision);
        }
        await store.CreateAsync("/gone", [1]);
        await store.DeleteAsync("/gone");
        var point = await store.CreateAsync("/b", [2]);
        await store.UpdateAsync("/b", [3], point);

        await store.CompactAsync(point);

        // Left: /a's last value, /b's value at the point and its newer update.
        Assert.Equal(3, CountRows("kv_log"));
        Assert.Equal(2, CountRows("kv_current"));
        Assert.Equal([20], (await store.GetAsync("/a"))!.Value);
    }

    [Fact]
    public async Task CompactAsync_LongHistory_WritesGoInBetweenItsSteps()
    {
        await using var store = SqliteKeyValueStore.Open(DatabasePath, new SqliteStoreOptions { CompactionBatch = 10 });
        var revision = await store.CreateAsync("/a", [0]);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                await store.CreateAsync($"/w{w}/{i}", [1]);
            }
        })));
        var point = await store.GetRevisionAsync();

        var compacting = store.CompactAsync(point);
        var written = await store.CreateAsync("/during", [2]);

        // 2,000 revisions in steps of 10: the write was committed between two steps, not after all 200.
        Assert.False(compacting.IsCompleted);
        await compacting;
        Assert.Equal(point + 1, written);
    }

    [Fact]
    public async Task WatchAsync_WatcherFarBehind_CatchesUpFromTheLogInOrder()
    {
        await using var store = SqliteKeyValueStore.Open(DatabasePath, new SqliteStoreOptions { WatchBuffer = 4 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watch = store.WatchAsync("/", 0, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var first = watch.MoveNextAsync();
        var written = new List<long>();
        for (var i = 0; i < 100; i++)
        {
            written.Add(await store.CreateAsync($"/k{i}", [1]));
        }

        var seen = new List<long>();
        Assert.True(await first);
        seen.Add(watch.Current.Current.ModRevision);
        while (seen.Count < written.Count && await watch.MoveNextAsync())
        {
            seen.Add(watch.Current.Current.ModRevision);
        }

        Assert.Equal(written, seen);
    }

    [Fact]
    public async Task DisposeAsync_OpenWatch_EndsIt()
    {
        var store = SqliteKeyValueStore.Open(DatabasePath);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watching = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in store.WatchAsync("/", 0, cancel.Token))
            {
                count++;
            }
            return count;
        });
        await store.CreateAsync("/a", [1]);

        await store.DisposeAsync();

        Assert.InRange(await watching, 0, 1);
    }

    [Fact]
    public async Task UpdateAsync_Row_KeepsOnlyItsOwnValue()
    {
        await using var store = SqliteKeyValueStore.Open(DatabasePath);
        var created = await store.CreateAsync("/a", "one"u8.ToArray());
        await store.UpdateAsync("/a", "two"u8.ToArray(), created);

        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM kv_log WHERE old_value IS NOT NULL"));
    }

    [Fact]
    public async Task WatchAsync_RowWrittenWithItsOldValue_ReplaysThatValueAsPrevious()
    {
        long created;
        await using (var store = SqliteKeyValueStore.Open(DatabasePath))
        {
            created = await store.CreateAsync("/a", "one"u8.ToArray());
        }
        // A row as a Berth before the replaced value was joined wrote it: with old_value, and a predecessor that
        // differs from it, so the test tells which of the two the replay reads.
        Execute($"INSERT INTO kv_log (id, name, created, deleted, create_revision, prev_revision, value, old_value) VALUES ({created + 1}, '/a', 0, 0, {created}, {created}, X'74776F', X'6F6C64')");
        Execute($"UPDATE kv_current SET id = {created + 1} WHERE name = '/a'");
        Execute($"UPDATE sqlite_sequence SET seq = {created + 1} WHERE name = 'kv_log'");
        await using var reopened = SqliteKeyValueStore.Open(DatabasePath);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await using var watch = reopened.WatchAsync("/", created, cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(("two", "old"), (Encoding.UTF8.GetString(watch.Current.Current.Value), Encoding.UTF8.GetString(watch.Current.Previous!.Value)));
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private long CountRows(string table) => Scalar($"SELECT COUNT(*) FROM {table}");
}

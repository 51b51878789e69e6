using System.Text;
using Berth.Storage.Expiry;
using Berth.Storage.Sqlite;
using Berth.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Storage.Tests.Expiry;

public sealed class KeyExpiryTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CancellationTokenSource _stop = new();
    private SqliteKeyValueStore _store = null!;
    private KeyExpiry _expiry = null!;
    private Task _running = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _store = SqliteKeyValueStore.Open(Path.Combine(_directory.Path, "state.db"));
        await _store.CreateAsync("/registry/core/events/default/old", Value("old"));
        await _store.CreateAsync("/registry/core/pods/default/p", Value("pod"));
        _expiry = new KeyExpiry(_store, "/registry/core/events/", Ttl, _time, NullLogger<KeyExpiry>.Instance);
        _running = _expiry.RunAsync(_stop.Token);
        await Poll.UntilAsync(() => Task.FromResult(_expiry.Pending == 1), Converge, () => "the stored event scheduled");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private static byte[] Value(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<bool> ExistsAsync(string key) => await _store.GetAsync(key) is not null;

    [Fact]
    public async Task Expiry_AfterTheTtl_DeletesKeysUnderThePrefixOnly()
    {
        await _store.CreateAsync("/registry/core/events/default/new", Value("new"));
        await Poll.UntilAsync(() => Task.FromResult(_expiry.Pending == 2), Converge, () => "the new event scheduled");

        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.True(await ExistsAsync("/registry/core/events/default/old"));
        _time.Advance(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(async () => !await ExistsAsync("/registry/core/events/default/old") && !await ExistsAsync("/registry/core/events/default/new"),
            Converge, () => "both events expired");
        Assert.True(await ExistsAsync("/registry/core/pods/default/p"));
    }

    [Fact]
    public async Task Expiry_KeyWrittenAgain_LivesUntilItsNewExpiry()
    {
        _time.Advance(Ttl / 2);
        var current = await _store.GetAsync("/registry/core/events/default/old");
        var rewritten = await _store.UpdateAsync("/registry/core/events/default/old", Value("count 2"), current!.ModRevision);
        // Pending counts keys, so it is 1 before and after: only the scheduled revision shows the watch saw the rewrite.
        await Poll.UntilAsync(() => Task.FromResult(_expiry.ScheduledRevision("/registry/core/events/default/old") == rewritten), Converge, () => "the rewrite scheduled");

        _time.Advance(Ttl / 2);
        await Task.Delay(200);
        Assert.Equal(rewritten, (await _store.GetAsync("/registry/core/events/default/old"))!.ModRevision);

        _time.Advance(Ttl / 2);
        await Poll.UntilAsync(async () => !await ExistsAsync("/registry/core/events/default/old"), Converge, () => "the rewritten event expired");
    }
}

using System.Text;

namespace Berth.Storage.Tests.Conformance;

/// <summary>
/// The behaviour every backend must show (kine's idea: one suite, every driver). A subclass opens
/// a real store; every test works under its own random prefix, so backends may share a server.
/// </summary>
public abstract class KeyValueStoreConformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _prefix = $"/conformance/{Guid.NewGuid():N}/";

    protected IKeyValueStore Store { get; private set; } = null!;

    protected abstract Task<IKeyValueStore> OpenStoreAsync();

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected string Key(string name) => _prefix + name;

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public async Task CreateAsync_NewKey_GetReturnsValueAtThatRevision()
    {
        var revision = await Store.CreateAsync(Key("a"), Bytes("one"));

        var got = await Store.GetAsync(Key("a"));
        Assert.NotNull(got);
        Assert.Equal("one", Text(got.Value));
        Assert.Equal(revision, got.ModRevision);
        Assert.Equal(revision, got.CreateRevision);
        Assert.Equal(revision, await Store.GetRevisionAsync());
    }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Key("none")));
    }

    [Fact]
    public async Task CreateAsync_ExistingKey_ThrowsKeyExistsAndKeepsValue()
    {
        await Store.CreateAsync(Key("a"), Bytes("one"));

        await Assert.ThrowsAsync<KeyExistsException>(() => Store.CreateAsync(Key("a"), Bytes("two")));
        Assert.Equal("one", Text((await Store.GetAsync(Key("a")))!.Value));
    }

    [Fact]
    public async Task UpdateAsync_CurrentRevision_ReplacesValueAndKeepsCreateRevision()
    {
        var created = await Store.CreateAsync(Key("a"), Bytes("one"));

        var updated = await Store.UpdateAsync(Key("a"), Bytes("two"), created);

        Assert.True(updated > created);
        var got = (await Store.GetAsync(Key("a")))!;
        Assert.Equal("two", Text(got.Value));
        Assert.Equal(created, got.CreateRevision);
        Assert.Equal(updated, got.ModRevision);
    }

    [Fact]
    public async Task UpdateAsync_StaleRevision_ThrowsConflictAndKeepsValue()
    {
        var created = await Store.CreateAsync(Key("a"), Bytes("one"));
        await Store.UpdateAsync(Key("a"), Bytes("two"), created);

        await Assert.ThrowsAsync<RevisionConflictException>(() => Store.UpdateAsync(Key("a"), Bytes("three"), created));
        Assert.Equal("two", Text((await Store.GetAsync(Key("a")))!.Value));
    }

    [Fact]
    public async Task UpdateAsync_MissingKey_ThrowsKeyMissing()
    {
        await Assert.ThrowsAsync<KeyMissingException>(() => Store.UpdateAsync(Key("none"), Bytes("x"), 1));
        Assert.Null(await Store.GetAsync(Key("none")));
    }

    [Fact]
    public async Task DeleteAsync_WithoutRevision_RemovesKeyAndReturnsLastValue()
    {
        var created = await Store.CreateAsync(Key("a"), Bytes("one"));

        var deleted = await Store.DeleteAsync(Key("a"));

        Assert.Equal("one", Text(deleted.Value));
        Assert.Equal(created, deleted.CreateRevision);
        Assert.True(deleted.ModRevision > created);
        Assert.Equal(deleted.ModRevision, await Store.GetRevisionAsync());
        Assert.Null(await Store.GetAsync(Key("a")));
    }

    [Fact]
    public async Task DeleteAsync_CurrentRevision_RemovesKey()
    {
        var created = await Store.CreateAsync(Key("a"), Bytes("one"));

        await Store.DeleteAsync(Key("a"), created);

        Assert.Null(await Store.GetAsync(Key("a")));
    }

    [Fact]
    public async Task DeleteAsync_StaleRevision_ThrowsConflictAndKeepsKey()
    {
        var created = await Store.CreateAsync(Key("a"), Bytes("one"));
        await Store.UpdateAsync(Key("a"), Bytes("two"), created);

        await Assert.ThrowsAsync<RevisionConflictException>(() => Store.DeleteAsync(Key("a"), created));
        Assert.Equal("two", Text((await Store.GetAsync(Key("a")))!.Value));
    }

    [Fact]
    public async Task DeleteAsync_MissingKey_ThrowsKeyMissing()
    {
        await Assert.ThrowsAsync<KeyMissingException>(() => Store.DeleteAsync(Key("none")));
    }

    [Fact]
    public async Task CreateAsync_AfterDelete_StartsAFreshKey()
    {
        await Store.CreateAsync(Key("a"), Bytes("one"));
        await Store.DeleteAsync(Key("a"));

        var again = await Store.CreateAsync(Key("a"), Bytes("two"));

        var got = (await Store.GetAsync(Key("a")))!;
        Assert.Equal("two", Text(got.Value));
        Assert.Equal(again, got.CreateRevision);
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsOnlyLiveKeysUnderItInKeyOrder()
    {
        await Store.CreateAsync(Key("pods/b"), Bytes("b"));
        await Store.CreateAsync(Key("pods/a"), Bytes("a"));
        await Store.CreateAsync(Key("pods/c"), Bytes("c"));
        await Store.CreateAsync(Key("podsx/d"), Bytes("d"));
        await Store.CreateAsync(Key("pod"), Bytes("e"));
        await Store.DeleteAsync(Key("pods/c"));

        var list = await Store.ListAsync(Key("pods/"));

        Assert.Equal([Key("pods/a"), Key("pods/b")], list.Items.Select(i => i.Key));
        Assert.Equal(["a", "b"], list.Items.Select(i => Text(i.Value)));
        Assert.False(list.HasMore);
        Assert.Equal(await Store.GetRevisionAsync(), list.Revision);
    }

    [Fact]
    public async Task ListAsync_MixedCharacters_SortsByUtf8Bytes()
    {
        string[] names = ["a/b", "a-b", "a.b", "a0", "aé", "a\u4e2d", "A", "a", "a b", "a\U0001F600"];
        foreach (var name in names)
        {
            await Store.CreateAsync(Key(name), Bytes(name));
        }

        var list = await Store.ListAsync(_prefix);

        var expected = names.Select(Key).OrderBy(Encoding.UTF8.GetBytes, Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList();
        Assert.Equal(expected, list.Items.Select(i => i.Key));
        Assert.All(list.Items, i => Assert.Equal(i.Key, Key(Text(i.Value))));
    }

    [Fact]
    public async Task CreateAsync_BinaryValue_RoundTripsEveryByte()
    {
        var value = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

        await Store.CreateAsync(Key("bin"), value);

        Assert.Equal(value, (await Store.GetAsync(Key("bin")))!.Value);
        Assert.Equal(value, (await Store.ListAsync(Key("bin"))).Items.Single().Value);
    }

    [Fact]
    public async Task ListAsync_OlderRevision_ReturnsTheStateAtThatRevision()
    {
        var a = await Store.CreateAsync(Key("a"), Bytes("a1"));
        var b = await Store.CreateAsync(Key("b"), Bytes("b1"));
        await Store.UpdateAsync(Key("a"), Bytes("a2"), a);
        await Store.DeleteAsync(Key("b"));
        await Store.CreateAsync(Key("c"), Bytes("c1"));

        var then = await Store.ListAsync(_prefix, b);

        Assert.Equal(b, then.Revision);
        Assert.Equal([(Key("a"), "a1", a), (Key("b"), "b1", b)], then.Items.Select(i => (i.Key, Text(i.Value), i.ModRevision)));
    }

    [Fact]
    public async Task ListAsync_LimitAndStartAfterKey_PagesThroughEveryKeyOnce()
    {
        var names = Enumerable.Range(0, 25).Select(i => Key($"k{i:D3}")).ToList();
        foreach (var name in names)
        {
            await Store.CreateAsync(name, Bytes(name));
        }
        var first = await Store.ListAsync(_prefix, limit: 10);
        await Store.CreateAsync(Key("k999"), Bytes("after the first page"));

        var seen = new List<string>(first.Items.Select(i => i.Key));
        var page = first;
        while (page.HasMore)
        {
            page = await Store.ListAsync(_prefix, first.Revision, page.Items[^1].Key, 10);
            Assert.Equal(first.Revision, page.Revision);
            seen.AddRange(page.Items.Select(i => i.Key));
        }

        Assert.Equal(names, seen);
        Assert.Equal(10, first.Items.Count);
        Assert.True(first.HasMore);
    }

    [Fact]
    public async Task ListAsync_FutureRevision_ThrowsFutureRevision()
    {
        var revision = await Store.CreateAsync(Key("a"), Bytes("a"));

        await Assert.ThrowsAsync<FutureRevisionException>(() => Store.ListAsync(_prefix, revision + 1000));
    }

    [Fact]
    public async Task WatchAsync_FromARevision_ReplaysLaterHistoryThenLiveChanges()
    {
        var before = await Store.CreateAsync(Key("a"), Bytes("a1"));
        var updated = await Store.UpdateAsync(Key("a"), Bytes("a2"), before);
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = Store.WatchAsync(_prefix, before, cancel.Token).GetAsyncEnumerator(cancel.Token);

        var deleted = await Store.DeleteAsync(Key("a"));
        var recreated = await Store.CreateAsync(Key("b"), Bytes("b1"));
        var events = new List<WatchEvent>();
        for (var i = 0; i < 3 && await watch.MoveNextAsync(); i++)
        {
            events.Add(watch.Current);
        }

        Assert.Equal(
            [(WatchEventType.Updated, Key("a"), updated), (WatchEventType.Deleted, Key("a"), deleted.ModRevision), (WatchEventType.Created, Key("b"), recreated)],
            events.Select(e => (e.Type, e.Current.Key, e.Current.ModRevision)));
        Assert.Equal("a1", Text(events[0].Previous!.Value));
        Assert.Equal(before, events[0].Previous!.ModRevision);
        Assert.Equal("a2", Text(events[1].Current.Value));
        Assert.Equal(updated, events[1].Previous!.ModRevision);
        Assert.Null(events[2].Previous);
    }

    [Fact]
    public async Task WatchAsync_ReplayedDeleteAndRecreate_CarryTheValuesTheyReplaced()
    {
        var start = await Store.CreateAsync(Key("a"), Bytes("a1"));
        var deleted = await Store.DeleteAsync(Key("a"));
        var recreated = await Store.CreateAsync(Key("a"), Bytes("a2"));
        var updated = await Store.UpdateAsync(Key("a"), Bytes("a3"), recreated);
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = Store.WatchAsync(_prefix, start, cancel.Token).GetAsyncEnumerator(cancel.Token);

        var events = new List<WatchEvent>();
        for (var i = 0; i < 3 && await watch.MoveNextAsync(); i++)
        {
            events.Add(watch.Current);
        }

        Assert.Equal(
            [(WatchEventType.Deleted, deleted.ModRevision, "a1"), (WatchEventType.Created, recreated, "a2"), (WatchEventType.Updated, updated, "a3")],
            events.Select(e => (e.Type, e.Current.ModRevision, Text(e.Current.Value))));
        Assert.Equal(("a1", start), (Text(events[0].Previous!.Value), events[0].Previous!.ModRevision));
        Assert.Null(events[1].Previous);
        Assert.Equal(("a2", recreated), (Text(events[2].Previous!.Value), events[2].Previous!.ModRevision));
    }

    [Fact]
    public async Task WatchAsync_Prefix_SkipsKeysOutsideIt()
    {
        var start = await Store.GetRevisionAsync();
        await Store.CreateAsync(Key("other/x"), Bytes("x"));
        var wanted = await Store.CreateAsync(Key("pods/y"), Bytes("y"));
        using var cancel = new CancellationTokenSource(Patience);

        var first = await FirstAsync(Store.WatchAsync(Key("pods/"), start, cancel.Token));

        Assert.Equal((Key("pods/y"), wanted), (first.Current.Key, first.Current.ModRevision));
    }

    [Fact]
    public async Task WatchAsync_WritesDuringSetup_DeliversEveryRevisionOnceInOrder()
    {
        var start = await Store.GetRevisionAsync();
        const int writers = 4, perWriter = 50;
        using var cancel = new CancellationTokenSource(Patience);
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var revisions = new List<long>();
            for (var i = 0; i < perWriter; i++)
            {
                revisions.Add(await Store.CreateAsync(Key($"w{w}/{i}"), Bytes("v")));
            }
            return revisions;
        })));

        var seen = new List<long>();
        await foreach (var e in Store.WatchAsync(_prefix, start, cancel.Token))
        {
            seen.Add(e.Current.ModRevision);
            if (seen.Count == writers * perWriter)
            {
                break;
            }
        }

        var written = (await writing).SelectMany(r => r).Order().ToList();
        Assert.Equal(written, seen);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_ThrowsOperationCanceled()
    {
        var start = await Store.CreateAsync(Key("a"), Bytes("a1"));
        using var cancel = new CancellationTokenSource();
        await using var watch = Store.WatchAsync(_prefix, start, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var waiting = watch.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task WatchAsync_RevisionBeforeCompaction_ThrowsCompacted()
    {
        var first = await Store.CreateAsync(Key("a"), Bytes("a1"));
        var second = await Store.UpdateAsync(Key("a"), Bytes("a2"), first);
        var third = await Store.UpdateAsync(Key("a"), Bytes("a3"), second);
        await Store.CompactAsync(third);
        using var cancel = new CancellationTokenSource(Patience);

        await Assert.ThrowsAsync<RevisionCompactedException>(() => FirstAsync(Store.WatchAsync(_prefix, first, cancel.Token)));
    }

    [Fact]
    public async Task ListAsync_RevisionBeforeCompaction_ThrowsCompacted()
    {
        var first = await Store.CreateAsync(Key("a"), Bytes("a1"));
        var second = await Store.UpdateAsync(Key("a"), Bytes("a2"), first);
        await Store.UpdateAsync(Key("a"), Bytes("a3"), second);
        await Store.CompactAsync(second);

        var error = await Assert.ThrowsAsync<RevisionCompactedException>(() => Store.ListAsync(_prefix, first));
        Assert.True(error.CompactedRevision >= second);
    }

    [Fact]
    public async Task CompactAsync_History_KeepsEveryLiveValueAndTheStateAtThePoint()
    {
        var a = await Store.CreateAsync(Key("a"), Bytes("a1"));
        a = await Store.UpdateAsync(Key("a"), Bytes("a2"), a);
        var b = await Store.CreateAsync(Key("b"), Bytes("b1"));
        await Store.CreateAsync(Key("c"), Bytes("c1"));
        var point = (await Store.DeleteAsync(Key("c"))).ModRevision;
        var later = await Store.UpdateAsync(Key("b"), Bytes("b2"), b);

        await Store.CompactAsync(point);

        var now = await Store.ListAsync(_prefix);
        Assert.Equal([(Key("a"), "a2"), (Key("b"), "b2")], now.Items.Select(i => (i.Key, Text(i.Value))));
        var atPoint = await Store.ListAsync(_prefix, point);
        Assert.Equal([(Key("a"), "a2", a), (Key("b"), "b1", b)], atPoint.Items.Select(i => (i.Key, Text(i.Value), i.ModRevision)));
        using var cancel = new CancellationTokenSource(Patience);
        var next = await FirstAsync(Store.WatchAsync(_prefix, point, cancel.Token));
        Assert.Equal((Key("b"), later, "b1"), (next.Current.Key, next.Current.ModRevision, Text(next.Previous!.Value)));
        var again = await Store.CreateAsync(Key("c"), Bytes("c2"));
        Assert.Equal(again, (await Store.GetAsync(Key("c")))!.CreateRevision);
    }

    [Fact]
    public async Task CreateAsync_ManyConcurrentWriters_GetDistinctIncreasingRevisions()
    {
        const int writers = 16, perWriter = 40;

        var perTask = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var revisions = new List<long>();
            for (var i = 0; i < perWriter; i++)
            {
                revisions.Add(await Store.CreateAsync(Key($"w{w}/{i}"), Bytes($"{w}/{i}")));
            }
            return revisions;
        })));

        var all = perTask.SelectMany(r => r).ToList();
        Assert.Equal(writers * perWriter, all.Distinct().Count());
        Assert.All(perTask, revisions => Assert.Equal(revisions.Order(), revisions));
        Assert.Equal(all.Max(), await Store.GetRevisionAsync());
        Assert.Equal(writers * perWriter, (await Store.ListAsync(_prefix)).Items.Count);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentCompareAndSwap_ExactlyOneWins()
    {
        var created = await Store.CreateAsync(Key("a"), Bytes("zero"));
        const int contenders = 16;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, contenders).Select(c => Task.Run(async () =>
        {
            try
            {
                return (Winner: c, Revision: await Store.UpdateAsync(Key("a"), Bytes($"by {c}"), created));
            }
            catch (RevisionConflictException)
            {
                return (Winner: -1, Revision: 0L);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Winner >= 0);
        var got = (await Store.GetAsync(Key("a")))!;
        Assert.Equal($"by {winner.Winner}", Text(got.Value));
        Assert.Equal(winner.Revision, got.ModRevision);
    }

    private static async Task<WatchEvent> FirstAsync(IAsyncEnumerable<WatchEvent> watch)
    {
        await foreach (var e in watch)
        {
            return e;
        }
        throw new InvalidOperationException("the watch ended without an event");
    }
}

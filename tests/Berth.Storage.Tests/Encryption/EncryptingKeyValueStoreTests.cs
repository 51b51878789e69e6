using System.Text;
using Berth.Storage.Encryption;
using Berth.Storage.Etcd;
using Berth.Storage.Sqlite;
using Berth.Storage.Tests.Etcd;

namespace Berth.Storage.Tests.Encryption;

/// <summary>Secrets through the encrypting layer: plain objects above it, only ciphertext in the backend below it.</summary>
public abstract class EncryptingKeyValueStoreTests : IAsyncLifetime
{
    private readonly string _key = $"/registry/core/secrets/{Guid.NewGuid():N}/db";
    private IKeyValueStore _raw = null!;
    private EncryptingKeyValueStore _store = null!;

    protected abstract IKeyValueStore OpenBackend();

    public Task InitializeAsync()
    {
        _raw = OpenBackend();
        var rule = new EncryptionRule([EncryptionRule.KeyPrefix("secrets")], [new AesGcmCipher("k1", Enumerable.Repeat((byte)7, 32).ToArray()), IdentityCipher.Instance]);
        _store = new EncryptingKeyValueStore(_raw, new EncryptionPolicy([rule]));
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Writes_AreCiphertextBelow_AndPlainThroughGetListWatchAndDelete()
    {
        var watch = _store.WatchAsync(_key, await _store.GetRevisionAsync()).GetAsyncEnumerator();
        var created = await _store.CreateAsync(_key, Bytes("hunter2-v1"));
        await _store.UpdateAsync(_key, Bytes("hunter2-v2"), created);

        var raw = (await _raw.GetAsync(_key))!.Value;
        Assert.StartsWith("k8s:enc:aesgcm:v1:k1:", Encoding.Latin1.GetString(raw));
        Assert.DoesNotContain("hunter2", Encoding.Latin1.GetString(raw));
        Assert.Equal("hunter2-v2", Text((await _store.GetAsync(_key))!.Value));
        Assert.Equal("hunter2-v2", Text(Assert.Single((await _store.ListAsync(_key)).Items).Value));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("hunter2-v1", Text(watch.Current.Current.Value));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("hunter2-v1", Text(watch.Current.Previous!.Value));
        Assert.Equal("hunter2-v2", Text(watch.Current.Current.Value));
        Assert.Equal("hunter2-v2", Text((await _store.DeleteAsync(_key)).Value));
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task PlainValuesWrittenBefore_ReadBack_WhileIdentityIsListed()
    {
        await _raw.CreateAsync(_key, Bytes("from-before"));

        Assert.Equal("from-before", Text((await _store.GetAsync(_key))!.Value));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}

public sealed class SqliteEncryptingKeyValueStoreTests : EncryptingKeyValueStoreTests
{
    private readonly TempDirectory _directory = new();

    protected override IKeyValueStore OpenBackend() => SqliteKeyValueStore.Open(Path.Combine(_directory.Path, "state.db"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

public sealed class EtcdEncryptingKeyValueStoreTests(EtcdServer etcd) : EncryptingKeyValueStoreTests, IClassFixture<EtcdServer>
{
    protected override IKeyValueStore OpenBackend() => EtcdKeyValueStore.Open(etcd.Endpoint);
}

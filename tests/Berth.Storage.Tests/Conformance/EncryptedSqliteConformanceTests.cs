using Berth.Storage.Encryption;
using Berth.Storage.Sqlite;

namespace Berth.Storage.Tests.Conformance;

/// <summary>The encrypting layer keeps every promise of the store below it (every conformance key sealed with aescbc).</summary>
public sealed class EncryptedSqliteConformanceTests : KeyValueStoreConformanceTests
{
    private readonly TempDirectory _directory = new();

    protected override Task<IKeyValueStore> OpenStoreAsync()
    {
        var rule = new EncryptionRule(["/conformance/"], [new AesCbcCipher("k", new byte[32])]);
        return Task.FromResult<IKeyValueStore>(new EncryptingKeyValueStore(SqliteKeyValueStore.Open(Path.Combine(_directory.Path, "state.db")), new EncryptionPolicy([rule])));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

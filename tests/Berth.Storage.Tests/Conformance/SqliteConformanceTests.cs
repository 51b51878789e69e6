using Berth.Storage.Sqlite;

namespace Berth.Storage.Tests.Conformance;

public sealed class SqliteConformanceTests : KeyValueStoreConformanceTests
{
    private readonly TempDirectory _directory = new();

    protected override Task<IKeyValueStore> OpenStoreAsync() =>
        Task.FromResult<IKeyValueStore>(SqliteKeyValueStore.Open(Path.Combine(_directory.Path, "state.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

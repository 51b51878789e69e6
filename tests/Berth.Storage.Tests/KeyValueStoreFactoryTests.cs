namespace Berth.Storage.Tests;

public sealed class KeyValueStoreFactoryTests
{
    [Theory]
    [InlineData("sqlite:///var/lib/berth/server/state.db", "Sqlite", "/var/lib/berth/server/state.db")]
    [InlineData("sqlite://state.db", "Sqlite", "state.db")]
    [InlineData("/tmp/x/state.db", "Sqlite", "/tmp/x/state.db")]
    [InlineData("http://127.0.0.1:2379", "Etcd", "http://127.0.0.1:2379")]
    [InlineData("http://10.0.0.1:2379,https://10.0.0.2:2379", "Etcd", "http://10.0.0.1:2379,https://10.0.0.2:2379")]
    public void Parse_KnownEndpoint_PicksBackend(string endpoint, string backend, string target)
    {
        var parsed = KeyValueStoreFactory.Parse(endpoint);

        Assert.Equal((backend, target), (parsed.Backend.ToString(), parsed.Target));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("sqlite://")]
    [InlineData("mysql://root@tcp(127.0.0.1)/berth")]
    [InlineData("http://127.0.0.1:2379,bogus")]
    public void Parse_BadEndpoint_ThrowsArgumentException(string endpoint)
    {
        Assert.Throws<ArgumentException>(() => KeyValueStoreFactory.Parse(endpoint));
    }

    [Fact]
    public async Task Open_SqliteUrl_OpensAWorkingStore()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "state.db");

        await using (var store = KeyValueStoreFactory.Open($"sqlite://{path}"))
        {
            await store.CreateAsync("/a", [1]);
        }

        Assert.True(File.Exists(path));
    }
}

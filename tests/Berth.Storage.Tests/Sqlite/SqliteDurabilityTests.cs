using System.Diagnostics;
using Berth.Storage.Sqlite;

namespace Berth.Storage.Tests.Sqlite;

/// <summary>The promises about the file itself: acknowledged writes survive SIGKILL; the WAL stays bounded.</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "state.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CreateAsync_WriterKilledWithSigkill_EveryAcknowledgedWriteSurvives()
    {
        var acknowledged = new Dictionary<string, long>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using (var crasher = StartCrasher())
        {
            try
            {
                while (acknowledged.Count < 3000 && await crasher.StandardOutput.ReadLineAsync(patience.Token) is { } line)
                {
                    Record(acknowledged, line);
                }
            }
            finally
            {
                crasher.Kill(); // SIGKILL on Linux: no flush, no dispose, no finalizers
            }
            // Lines already written before the kill were acknowledged too.
            while (await crasher.StandardOutput.ReadLineAsync(patience.Token) is { } line)
            {
                Record(acknowledged, line);
            }
            await crasher.WaitForExitAsync(patience.Token);
            Assert.True(acknowledged.Count >= 3000, $"the crasher stopped early: {await crasher.StandardError.ReadToEndAsync(patience.Token)}");
        }

        await using var store = SqliteKeyValueStore.Open(DatabasePath);
        var stored = (await store.ListAsync("/crash/")).Items.ToDictionary(i => i.Key, i => i.ModRevision);
        Assert.All(acknowledged, ack => Assert.Equal(ack.Value, stored.GetValueOrDefault(ack.Key)));
        Assert.True(await store.GetRevisionAsync() >= acknowledged.Values.Max());
        await store.CreateAsync("/after-crash", [1]);
    }

    [Fact]
    public async Task UpdateAsync_ConstantWritesWithReadersAndCompaction_WalStaysUnderItsBound()
    {
        // The bound: the 8 MiB checkpoint threshold plus one group-commit batch (256 writes of
        // 4 KiB and their index pages) that may land before the checkpoint; measured peak 8.4 MiB.
        const long bound = 12L * 1024 * 1024;
        var options = new SqliteStoreOptions();
        await using var store = SqliteKeyValueStore.Open(DatabasePath, options);
        const int keys = 200, writers = 8, rounds = 40;
        var value = new byte[4096];
        Random.Shared.NextBytes(value);
        var revisions = new long[keys];
        for (var k = 0; k < keys; k++)
        {
            revisions[k] = await store.CreateAsync($"/wal/{k:D4}", value);
        }
        using var done = new CancellationTokenSource();
        var largest = 0L;
        var reading = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await store.ListAsync("/wal/", limit: 50);
                largest = Math.Max(largest, WalSize());
            }
        });

        // Every writer owns keys k ≡ w (mod writers) and rewrites them round after round.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var round = 0; round < rounds; round++)
            {
                for (var k = w; k < keys; k += writers)
                {
                    revisions[k] = await store.UpdateAsync($"/wal/{k:D4}", value, revisions[k]);
                }
                if (w == 0 && round % 10 == 9)
                {
                    await store.CompactAsync(await store.GetRevisionAsync() - 1000);
                }
                largest = Math.Max(largest, WalSize());
            }
        })));
        await done.CancelAsync();
        await reading;

        // 8,000 writes of 4 KiB: about 32 MiB went through the WAL.
        Assert.True(largest > 0);
        Assert.True(largest < bound, $"the WAL reached {largest} bytes");
    }

    private Process StartCrasher()
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Berth.Storage.Crasher.dll"));
        info.ArgumentList.Add($"sqlite://{DatabasePath}");
        info.ArgumentList.Add("/crash/");
        return Process.Start(info)!;
    }

    private long WalSize()
    {
        var wal = new FileInfo(DatabasePath + "-wal");
        return wal.Exists ? wal.Length : 0;
    }

    private static void Record(Dictionary<string, long> acknowledged, string line)
    {
        // A line is "ack KEY REVISION"; each is written with one write(2), so none is torn.
        var parts = line.Split(' ');
        Assert.Equal(3, parts.Length);
        Assert.Equal("ack", parts[0]);
        acknowledged.Add(parts[1], long.Parse(parts[2]));
    }
}

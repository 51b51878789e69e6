using System.Diagnostics;
using Berth.Storage;
using Berth.Storage.Sqlite;

namespace Berth.Bench.Storage;

/// <summary>
/// Many concurrent clients each creating distinct keys as fast as the store acknowledges them:
/// the ceiling the API server's creates are compared against.
/// </summary>
public static class RawPutBenchmark
{
    public static async Task<RawPutResult> RunAsync(RawPutOptions options)
    {
        var storeOptions = new KeyValueStoreOptions { Sqlite = new SqliteStoreOptions { SyncEveryCommit = !options.NoSync } };
        await using var store = KeyValueStoreFactory.Open(options.Endpoint, storeOptions);
        var run = Guid.NewGuid().ToString("N")[..8];
        var value = new byte[options.ValueSize];
        Random.Shared.NextBytes(value);

        // Warm up connections and JIT outside the measurement.
        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync($"/bench/{run}/warmup/{i}", value);
        }

        var latencies = new double[options.Count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(client => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Count)
            {
                var start = Stopwatch.GetTimestamp();
                await store.CreateAsync($"/bench/{run}/{client}/{i:D8}", value);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        clock.Stop();

        Array.Sort(latencies);
        var backend = store is SqliteKeyValueStore ? (options.NoSync ? "sqlite-nosync" : "sqlite") : "etcd";
        return new RawPutResult(backend, options.Clients, options.Count, options.ValueSize, clock.Elapsed.TotalSeconds,
            options.Count / clock.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}

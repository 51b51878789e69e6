// Writes keys into a store as fast as it can and prints "ack KEY REVISION" for each write the
// store acknowledged, until it is killed. The durability test kills it with SIGKILL mid-stream.
using Berth.Storage;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Berth.Storage.Crasher ENDPOINT KEY-PREFIX");
    return 2;
}
var (endpoint, prefix) = (args[0], args[1]);
await using var store = KeyValueStoreFactory.Open(endpoint);
var output = Console.Out;
var gate = new Lock();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var key = $"{prefix}{Interlocked.Increment(ref next):D8}";
        var revision = await store.CreateAsync(key, System.Text.Encoding.UTF8.GetBytes(key));
        lock (gate)
        {
            output.WriteLine($"ack {key} {revision}");
            output.Flush();
        }
    }
})));
return 0;

// Raw store throughput, for bench/storage/run and for the API benchmark to compare against:
//   dotnet run -c Release --project bench/storage/Berth.Bench.Storage -- raw --endpoint E --clients 16 --count 5000
using Berth.Bench.Storage;

try
{
    var options = RawPutOptions.Parse(args);
    var result = await RawPutBenchmark.RunAsync(options);
    Console.WriteLine(options.Json ? result.ToJson() : result.ToString());
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Error: {e.Message}");
    Console.Error.WriteLine(RawPutOptions.Usage);
    return 2;
}

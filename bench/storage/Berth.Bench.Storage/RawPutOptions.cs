namespace Berth.Bench.Storage;

/// <summary>The command line of the "raw" benchmark.</summary>
public sealed record RawPutOptions(string Endpoint, int Clients, int Count, int ValueSize, bool NoSync, bool Json)
{
    public const string Usage = "usage: raw --endpoint sqlite://PATH|http://HOST:2379 [--clients 16] [--count 5000] [--value-size 1024] [--no-sync] [--json]";

    public static RawPutOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "raw")
        {
            throw new ArgumentException("the only benchmark is \"raw\"");
        }
        string? endpoint = null;
        int clients = 16, count = 5000, valueSize = 1024;
        bool noSync = false, json = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--endpoint": endpoint = Value(args, ref i); break;
                case "--clients": clients = Number(args, ref i); break;
                case "--count": count = Number(args, ref i); break;
                case "--value-size": valueSize = Number(args, ref i); break;
                case "--no-sync": noSync = true; break;
                case "--json": json = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return endpoint is null
            ? throw new ArgumentException("--endpoint is required")
            : new RawPutOptions(endpoint, clients, count, valueSize, noSync, json);
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int Number(string[] args, ref int i)
    {
        var text = Value(args, ref i);
        return int.TryParse(text, out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a positive number, not {text}");
    }
}

using System.Globalization;
using System.Text.Json;

namespace Berth.Bench.Storage;

public sealed record RawPutResult(string Backend, int Clients, int Count, int ValueSize, double Seconds, double PutsPerSecond, double P50Milliseconds, double P99Milliseconds)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"backend={Backend} clients={Clients} count={Count} value_bytes={ValueSize} seconds={Seconds:F3} puts_per_sec={PutsPerSecond:F0} p50_ms={P50Milliseconds:F2} p99_ms={P99Milliseconds:F2}");

    public string ToJson() => JsonSerializer.Serialize(this, RawPutResultJson.Default.RawPutResult);
}

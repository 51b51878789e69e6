namespace Berth.Agent.Proxy;

/// <summary>
/// One address of a Service port's EndpointSlices as the proxy sees it: where to DNAT to, its
/// conditions (a missing ready is ready, a missing serving is its ready, as the API says), its node
/// and the zones its topology hints name.
/// </summary>
public sealed record ProxyEndpoint(string Address, int Port, bool Ready, bool Serving, bool Terminating, string? NodeName, IReadOnlyList<string> ZoneHints)
{
    public override string ToString() => $"{Address}:{Port}";
}

namespace Berth.Agent.ClusterDns;

/// <summary>A Service's or an EndpointSlice's port as SRV records name it: <c>_name._protocol</c>.</summary>
public sealed record DnsPort(string? Name, string Protocol, int Port);

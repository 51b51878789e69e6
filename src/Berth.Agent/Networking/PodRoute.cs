namespace Berth.Agent.Networking;

/// <summary>A route to another node's pods: its pod CIDR through its address (flannel's host-gw backend).</summary>
public sealed record PodRoute(string PodCidr, string Via);

namespace Berth.Engine.Network;

/// <summary>A published port, <c>-p [HostIp:]HostPort:ContainerPort[/Protocol]</c>.</summary>
public sealed record PortMapping(string HostIp, int HostPort, int ContainerPort, string Protocol = "tcp");

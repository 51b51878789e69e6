namespace Berth.Engine.Network;

/// <summary>The per-container parameters of a CNI call, passed as CNI_CONTAINERID, CNI_NETNS and CNI_IFNAME.</summary>
public sealed record CniRuntimeArgs(string ContainerId, string NetnsPath, string InterfaceName);

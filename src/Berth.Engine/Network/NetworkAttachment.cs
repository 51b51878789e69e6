namespace Berth.Engine.Network;

/// <param name="NamespacePath">The network namespace to give runc, e.g. /run/netns/berth-ID.</param>
public sealed record NetworkAttachment(string NamespacePath, string IPAddress, int PrefixLength, string Gateway, string MacAddress);

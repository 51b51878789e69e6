namespace Berth.Engine.Network;

/// <summary>
/// Stands in for a container namespace that vanished before DEL (deleted by hand, `ip netns del`):
/// the bridge plugin finds the masquerade rules to remove only through the addresses on the
/// container's interface, so a fresh namespace gets a veth pair per interface (this kernel has no dummy
/// driver) with the stored address.
/// </summary>
internal static class LostNamespaceStandIn
{
    public static async Task CreateAsync(NetworkNamespaces namespaces, string path, IEnumerable<(string InterfaceName, NetworkAttachment Attachment)> interfaces, CancellationToken cancellationToken)
    {
        await namespaces.CreateAsync(path);
        var script = string.Concat(interfaces.Select(i =>
            $"link add {i.InterfaceName} type veth peer name {i.InterfaceName}p\naddr add {i.Attachment.IPAddress}/{i.Attachment.PrefixLength} dev {i.InterfaceName}\n"));
        await HostCommand.RunAsync($"cannot rebuild the lost network namespace {path}", "nsenter", [$"--net={path}", "ip", "-batch", "-"], script, cancellationToken);
    }
}

using System.Diagnostics;

namespace Berth.Engine.Network;

/// <summary>
/// Stands in for a container namespace that vanished before DEL (deleted by hand, `ip netns del`):
/// the bridge plugin finds the masquerade rules to remove only through the addresses on the
/// container's interface, so a fresh namespace gets a veth pair (this kernel has no dummy driver) with the stored address.
/// </summary>
internal static class LostNamespaceStandIn
{
    public static async Task CreateAsync(NetworkNamespaces namespaces, string path, string interfaceName, NetworkAttachment attachment, CancellationToken cancellationToken)
    {
        await namespaces.CreateAsync(path);
        var psi = new ProcessStartInfo("nsenter", [$"--net={path}", "ip", "-batch", "-"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var ip = Process.Start(psi) ?? throw new BerthException("cannot start nsenter");
        var stderr = ip.StandardError.ReadToEndAsync(cancellationToken);
        await ip.StandardInput.WriteAsync($"link add {interfaceName} type veth peer name {interfaceName}p\naddr add {attachment.IPAddress}/{attachment.PrefixLength} dev {interfaceName}\n");
        ip.StandardInput.Close();
        await ip.WaitForExitAsync(cancellationToken);
        if (ip.ExitCode != 0)
        {
            throw new BerthException($"cannot rebuild the lost network namespace {path}: {(await stderr).Trim()}");
        }
    }
}

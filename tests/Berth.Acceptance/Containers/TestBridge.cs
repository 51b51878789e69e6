using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Berth.Acceptance.Containers;

/// <summary>
/// A bridge network of a test root's own (its own bridge name and a free 10.89.X.0/24), written as
/// ROOT/cni/berth.conflist before the first `berth run` as the Network README describes; the bridge is
/// deleted again on dispose.
/// </summary>
public sealed class TestBridge : IDisposable
{
    /// <param name="masquerade">Whether outbound traffic is masqueraded (iptables rules); without, only the host reaches the network.</param>
    public TestBridge(string engineRoot, bool masquerade = true)
    {
        var third = FreeOctet();
        BridgeName = NewName();
        Subnet = $"10.89.{third}.0/24";
        Gateway = $"10.89.{third}.1";
        var cni = Path.Combine(engineRoot, "cni");
        Directory.CreateDirectory(cni);
        var conflist = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "berth",
            ["plugins"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "bridge", ["bridge"] = BridgeName, ["isGateway"] = true, ["ipMasq"] = masquerade, ["hairpinMode"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["ranges"] = new JsonArray { new JsonArray { new JsonObject { ["subnet"] = Subnet, ["gateway"] = Gateway } } },
                        ["routes"] = new JsonArray { new JsonObject { ["dst"] = "0.0.0.0/0" } },
                        ["dataDir"] = Path.Combine(cni, "ipam"),
                    },
                },
                new JsonObject { ["type"] = "portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true } },
            },
        };
        File.WriteAllText(Path.Combine(cni, "berth.conflist"), conflist.ToJsonString());
    }

    /// <summary>A free third octet X of 10.89.X.0/24: no address or route of this host is in it.</summary>
    public static int FreeOctet()
    {
        var used = File.ReadAllText("/proc/net/route") + Run("ip", "-4", "addr");
        return Enumerable.Range(0, 50).Select(_ => Random.Shared.Next(100, 250)).First(x => !used.Contains($"10.89.{x}."));
    }

    /// <summary>A bridge name no other test uses.</summary>
    public static string NewName() => $"bt{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    public string BridgeName { get; }
    public string Subnet { get; }
    public string Gateway { get; }

    public void Dispose() => Run("ip", "link", "del", BridgeName);

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        args.ToList().ForEach(psi.ArgumentList.Add);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}

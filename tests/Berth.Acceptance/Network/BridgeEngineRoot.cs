using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Text.Json.Nodes;

namespace Berth.Acceptance.Network;

/// <summary>
/// A temp --root with the busybox image and a bridge network of its own (unique bridge name, a free
/// 10.89.X.0/24) written as ROOT/cni/berth.conflist before the first `berth run`, so suites can run
/// side by side. Dispose removes every container, then the bridge, then the root.
/// </summary>
public sealed class BridgeEngineRoot : IAsyncLifetime
{
    public const string Image = "localhost/busybox:test";

    public string Path { get; } = Directory.CreateTempSubdirectory("berth-network-").FullName;

    public string BridgeName { get; } = "ba" + Guid.NewGuid().ToString("N")[..8];

    public string NetworkName { get; } = "berth-acc-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>"10.89.X.": every container address of this root starts with it.</summary>
    public string SubnetPrefix { get; } = $"10.89.{FreeThirdOctet()}.";

    public string IpamDirectory => System.IO.Path.Combine(Path, "cni", "ipam", NetworkName);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "cni"));
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "cni", "berth.conflist"), ConfigList().ToJsonString());
        await TestImages.ImportBusyboxAsync(Path, Image);
    }

    public async Task DisposeAsync()
    {
        await RemoveAllContainersAsync();
        using (var ip = Process.Start("ip", ["link", "del", BridgeName]))
        {
            await ip.WaitForExitAsync();
        }
        Directory.Delete(Path, recursive: true);
    }

    /// <summary>Runs `berth --root ROOT args…`.</summary>
    public Task<ProcessResult> BerthAsync(params string[] args) => BerthBinary.RunAsync(["--root", Path, .. args], stdin: null);

    public async Task RemoveAllContainersAsync()
    {
        var ids = await BerthAsync("ps", "-a", "-q");
        foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await BerthAsync("rm", "-f", id.Trim());
        }
    }

    // The shape the engine writes itself on first use (src/Berth.Engine/Network/README.md).
    private JsonObject ConfigList() => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = NetworkName,
        ["plugins"] = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "bridge",
                ["bridge"] = BridgeName,
                ["isGateway"] = true,
                ["ipMasq"] = true,
                ["hairpinMode"] = true,
                ["ipam"] = new JsonObject
                {
                    ["type"] = "host-local",
                    ["ranges"] = new JsonArray { new JsonArray { new JsonObject { ["subnet"] = SubnetPrefix + "0/24", ["gateway"] = SubnetPrefix + "1" } } },
                    ["routes"] = new JsonArray { new JsonObject { ["dst"] = "0.0.0.0/0" } },
                    ["dataDir"] = System.IO.Path.Combine(Path, "cni", "ipam"),
                },
            },
            new JsonObject { ["type"] = "portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true } },
        },
    };

    private static int FreeThirdOctet()
    {
        var used = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address.GetAddressBytes())
            .Where(b => b.Length == 4 && b[0] == 10 && b[1] == 89)
            .Select(b => (int)b[2])
            .ToHashSet();
        var candidates = Enumerable.Range(100, 155).Where(x => !used.Contains(x)).ToList();
        return candidates[Random.Shared.Next(candidates.Count)];
    }
}

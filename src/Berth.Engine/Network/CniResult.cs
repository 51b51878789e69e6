using System.Net;
using System.Text.Json.Nodes;

namespace Berth.Engine.Network;

/// <summary>Reads the container's side out of a CNI result (spec §"Success"): its interface, IPv4 address and gateway.</summary>
public static class CniResult
{
    /// <exception cref="BerthException">The result has no IPv4 address on the container's interface.</exception>
    public static NetworkAttachment ToAttachment(JsonObject result, CniRuntimeArgs args)
    {
        var interfaces = result["interfaces"] as JsonArray ?? [];
        var ips = result["ips"] as JsonArray ?? [];
        foreach (var ip in ips.OfType<JsonObject>())
        {
            var index = ip["interface"] is JsonValue i && i.TryGetValue<int>(out var n) ? n : -1;
            if (index < 0 || index >= interfaces.Count || interfaces[index] is not JsonObject iface)
            {
                continue;
            }
            if (Text(iface, "name") != args.InterfaceName || Text(iface, "sandbox") != args.NetnsPath)
            {
                continue;
            }
            if (TryParseHostCidr(Text(ip, "address"), out var address, out var prefix)
                && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                return new NetworkAttachment(args.NetnsPath, address.ToString(), prefix, Text(ip, "gateway"), Text(iface, "mac"));
            }
        }
        throw new BerthException($"CNI result has no IPv4 address on {args.InterfaceName} in {args.NetnsPath}");
    }

    // "10.89.0.5/16": a host address with its prefix, which IPNetwork refuses (host bits set).
    private static bool TryParseHostCidr(string text, out IPAddress address, out int prefix)
    {
        address = IPAddress.None;
        prefix = 0;
        var slash = text.IndexOf('/');
        return slash > 0
            && IPAddress.TryParse(text.AsSpan(0, slash), out address!)
            && int.TryParse(text.AsSpan(slash + 1), out prefix)
            && prefix is >= 0 and <= 128;
    }

    private static string Text(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}

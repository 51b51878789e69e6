using System.Net;

namespace Berth.Engine.Networks.Dns;

/// <summary>The host's name servers, from /etc/resolv.conf: where names that are not containers' go.</summary>
internal static class UpstreamResolvers
{
    public static List<IPAddress> Read(string path = "/etc/resolv.conf")
    {
        if (!File.Exists(path))
        {
            return [];
        }
        return [.. File.ReadLines(path)
            .Select(l => l.Trim().Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && f[0] == "nameserver")
            .Select(f => IPAddress.TryParse(f[1], out var address) ? address : null)
            .OfType<IPAddress>()];
    }
}

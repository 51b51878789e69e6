using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>The CLUSTER-IP, EXTERNAL-IP and PORT(S) cells of a service, as kubectl's printService computes them.</summary>
internal static class ServiceColumns
{
    public static string ClusterIp(JsonObject svc) =>
        svc.Str("spec", "type") == "ExternalName" ? Selectors.None : svc.Str("spec", "clusterIP") is { Length: > 0 } ip ? ip : Selectors.None;

    public static string ExternalIp(JsonObject svc)
    {
        var externalIps = svc.Strings("spec", "externalIPs").ToList();
        switch (svc.Str("spec", "type") ?? "ClusterIP")
        {
            case "ExternalName":
                return svc.Str("spec", "externalName") ?? Selectors.None;
            case "LoadBalancer":
                var ingress = svc.Objects("status", "loadBalancer", "ingress").Select(i => i.Str("ip") ?? i.Str("hostname") ?? "").Where(s => s.Length > 0);
                var all = ingress.Concat(externalIps).ToArray();
                return all.Length == 0 ? "<pending>" : string.Join(",", all);
            default:
                return externalIps.Count == 0 ? Selectors.None : string.Join(",", externalIps);
        }
    }

    public static string Ports(JsonObject svc)
    {
        var ports = svc.Objects("spec", "ports").Select(p =>
        {
            var protocol = p.Str("protocol") ?? "TCP";
            return p.Int("nodePort") is { } nodePort and not 0 ? $"{p.Int("port")}:{nodePort}/{protocol}" : $"{p.Int("port")}/{protocol}";
        }).ToArray();
        return ports.Length == 0 ? Selectors.None : string.Join(",", ports);
    }
}

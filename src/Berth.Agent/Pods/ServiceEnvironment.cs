using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// The service variables the kubelet gives every container (kubelet's getServiceEnvVarMap and envvars.FromServices):
/// <c>NAME_SERVICE_HOST</c>, <c>NAME_SERVICE_PORT</c> (and one per named port) and Docker's link variables
/// (<c>NAME_PORT=tcp://IP:PORT</c>, <c>NAME_PORT_PORT_TCP_ADDR</c>…) for each Service with a cluster IP in the pod's
/// namespace when the pod's <c>enableServiceLinks</c> allows (the default), and always for the API server's own
/// <c>kubernetes</c> Service in <c>default</c>: what in-cluster clients read to find the API server.
/// </summary>
public static class ServiceEnvironment
{
    public const string MasterNamespace = "default";
    public const string MasterService = "kubernetes";

    /// <summary>The variables, services in name order, each service's variables in kube's order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(bool enableServiceLinks, IEnumerable<V1Service> inPodNamespace, V1Service? master)
    {
        var chosen = new SortedDictionary<string, V1Service>(StringComparer.Ordinal);
        if (enableServiceLinks)
        {
            foreach (var service in inPodNamespace.Where(HasClusterIp))
            {
                chosen[service.Metadata.Name] = service;
            }
        }
        // The pod's own namespace wins over the master Service of the same name, as in kube.
        if (master is not null && HasClusterIp(master))
        {
            chosen.TryAdd(MasterService, master);
        }
        var variables = new List<KeyValuePair<string, string>>();
        foreach (var service in chosen.Values)
        {
            AddVariables(variables, service);
        }
        return variables;
    }

    private static bool HasClusterIp(V1Service service) => service.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None";

    private static void AddVariables(List<KeyValuePair<string, string>> variables, V1Service service)
    {
        var prefix = VariableName(service.Metadata.Name);
        var ip = service.Spec.ClusterIP;
        var ports = service.Spec.Ports ?? [];
        variables.Add(new($"{prefix}_SERVICE_HOST", ip));
        if (ports.Count == 0)
        {
            return;
        }
        variables.Add(new($"{prefix}_SERVICE_PORT", ports[0].Port.ToString()));
        foreach (var port in ports.Where(p => !string.IsNullOrEmpty(p.Name)))
        {
            variables.Add(new($"{prefix}_SERVICE_PORT_{VariableName(port.Name)}", port.Port.ToString()));
        }
        // Docker's link variables; the first port is also NAME_PORT.
        var host = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
        for (var i = 0; i < ports.Count; i++)
        {
            var protocol = string.IsNullOrEmpty(ports[i].Protocol) ? "TCP" : ports[i].Protocol;
            var url = $"{protocol.ToLowerInvariant()}://{host}:{ports[i].Port}";
            if (i == 0)
            {
                variables.Add(new($"{prefix}_PORT", url));
            }
            var portPrefix = $"{prefix}_PORT_{ports[i].Port}_{protocol.ToUpperInvariant()}";
            variables.Add(new(portPrefix, url));
            variables.Add(new($"{portPrefix}_PROTO", protocol.ToLowerInvariant()));
            variables.Add(new($"{portPrefix}_PORT", ports[i].Port.ToString()));
            variables.Add(new($"{portPrefix}_ADDR", ip));
        }
    }

    private static string VariableName(string name) => name.Replace('-', '_').ToUpperInvariant();
}

using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>Printers of the core/v1 resources (columns of Kubernetes' printers.go).</summary>
internal static class CorePrinters
{
    public static void Register(IDictionary<(string, string), IResourcePrinter> printers)
    {
        printers[("", "pods")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Ready", "The aggregate readiness state of this pod for accepting traffic.", PodColumns.Ready),
            PrintedColumn.Text("Status", "The aggregate status of the containers in this pod.", PodColumns.Status),
            new PrintedColumn(
                TableColumn.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                (o, now) => PodColumns.Restarts(o, now)),
            PrintedColumn.Age,
            PrintedColumn.Text("IP", "podIP address allocated to the pod.", o => o.Str("status", "podIP") ?? Selectors.None, priority: 1),
            PrintedColumn.Text("Node", "Name of the node the pod is scheduled on.", o => o.Str("spec", "nodeName") ?? Selectors.None, priority: 1),
            PrintedColumn.Text("Nominated Node", "nominatedNodeName is set when this pod preempts other pods on the node.", o => o.Str("status", "nominatedNodeName") ?? Selectors.None, priority: 1),
            PrintedColumn.Text("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", PodColumns.ReadinessGates, priority: 1));

        printers[("", "services")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Type", "The type of the service.", o => o.Str("spec", "type") ?? "ClusterIP"),
            PrintedColumn.Text("Cluster-IP", "The cluster IP of the service.", ServiceColumns.ClusterIp),
            PrintedColumn.Text("External-IP", "The external IP of the service.", ServiceColumns.ExternalIp),
            PrintedColumn.Text("Port(s)", "The ports of the service.", ServiceColumns.Ports),
            PrintedColumn.Age,
            PrintedColumn.Text("Selector", "Route service traffic to pods with label keys and values matching this selector.", o => Selectors.FormatMap(o.At("spec", "selector")), priority: 1));

        printers[("", "endpoints")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Endpoints", "Endpoints of the service.", Endpoints),
            PrintedColumn.Age);

        printers[("", "nodes")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Status", "The status of the node.", NodeColumns.Status),
            PrintedColumn.Text("Roles", "The roles of the node.", NodeColumns.Roles),
            PrintedColumn.Age,
            PrintedColumn.Text("Version", "Kubelet Version reported by the node.", o => o.Str("status", "nodeInfo", "kubeletVersion") ?? ""),
            PrintedColumn.Text("Internal-IP", "The node's internal IP address.", o => NodeColumns.Address(o, "InternalIP"), priority: 1),
            PrintedColumn.Text("External-IP", "The node's external IP address.", o => NodeColumns.Address(o, "ExternalIP"), priority: 1),
            PrintedColumn.Text("OS-Image", "OS Image reported by the node from /etc/os-release.", o => o.Str("status", "nodeInfo", "osImage") ?? "<unknown>", priority: 1),
            PrintedColumn.Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r'.", o => o.Str("status", "nodeInfo", "kernelVersion") ?? "<unknown>", priority: 1),
            PrintedColumn.Text("Container-Runtime", "Container runtime version reported by the node.", o => o.Str("status", "nodeInfo", "containerRuntimeVersion") ?? "<unknown>", priority: 1));

        printers[("", "namespaces")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Status", "The status of the namespace.", o => o.Str("status", "phase") ?? "Active"),
            PrintedColumn.Age);

        printers[("", "configmaps")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Integer("Data", "Data contains the configuration data.", o => o.Count("data") + o.Count("binaryData")),
            PrintedColumn.Age);

        printers[("", "secrets")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Type", "The type of the secret.", o => o.Str("type") ?? "Opaque"),
            PrintedColumn.Integer("Data", "The number of entries in the secret.", o => o.Count("data") + o.Count("stringData")),
            PrintedColumn.Age);

        printers[("", "serviceaccounts")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Integer("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", o => o.Count("secrets")),
            PrintedColumn.Age);

        printers[("", "events")] = EventPrinter.Core;
        printers[("events.k8s.io", "events")] = EventPrinter.EventsV1;

        printers[("", "persistentvolumes")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Capacity", "The storage capacity of the volume.", o => o.Text("spec", "capacity", "storage") ?? ""),
            PrintedColumn.Text("Access Modes", "The access modes of the volume.", AccessModes),
            PrintedColumn.Text("Reclaim Policy", "What happens to the volume when released from its claim.", o => o.Str("spec", "persistentVolumeReclaimPolicy") ?? ""),
            PrintedColumn.Text("Status", "The phase of the volume.", o => o.Str("metadata", "deletionTimestamp") is null ? o.Str("status", "phase") ?? "" : "Terminating"),
            PrintedColumn.Text("Claim", "The claim bound to the volume.", o => o.Str("spec", "claimRef", "name") is { } n ? $"{o.Str("spec", "claimRef", "namespace")}/{n}" : ""),
            PrintedColumn.Text("StorageClass", "The storage class of the volume.", o => o.Str("spec", "storageClassName") ?? ""),
            PrintedColumn.Text("VolumeAttributesClass", "The volume attributes class of the volume.", o => o.Str("spec", "volumeAttributesClassName") ?? Selectors.Unset),
            PrintedColumn.Text("Reason", "The reason for the volume's phase.", o => o.Str("status", "reason") ?? ""),
            PrintedColumn.Age,
            PrintedColumn.Text("VolumeMode", "Whether the volume is a filesystem or a raw block device.", o => o.Str("spec", "volumeMode") ?? "Filesystem", priority: 1));

        printers[("", "persistentvolumeclaims")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Status", "The phase of the claim.", o => o.Str("metadata", "deletionTimestamp") is null ? o.Str("status", "phase") ?? "" : "Terminating"),
            PrintedColumn.Text("Volume", "The volume bound to the claim.", o => o.Str("spec", "volumeName") ?? ""),
            PrintedColumn.Text("Capacity", "The actual capacity of the bound volume.", o => o.Text("status", "capacity", "storage") ?? ""),
            PrintedColumn.Text("Access Modes", "The actual access modes of the bound volume.", o => AccessModes(o, "status")),
            PrintedColumn.Text("StorageClass", "The storage class requested by the claim.", o => o.Str("spec", "storageClassName") ?? ""),
            PrintedColumn.Text("VolumeAttributesClass", "The volume attributes class of the claim.", o => o.Str("spec", "volumeAttributesClassName") ?? Selectors.Unset),
            PrintedColumn.Age,
            PrintedColumn.Text("VolumeMode", "Whether the claim is a filesystem or a raw block device.", o => o.Str("spec", "volumeMode") ?? "Filesystem", priority: 1));

        printers[("", "limitranges")] = new ColumnPrinter(PrintedColumn.Name, PrintedColumn.CreatedAt);
        printers[("", "resourcequotas")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Age,
            PrintedColumn.Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume.", o => QuotaUsage(o, limits: false)),
            PrintedColumn.Text("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.", o => QuotaUsage(o, limits: true)));
    }

    private static string Endpoints(JsonObject ep)
    {
        const int max = 3;
        var addresses = new List<string>();
        foreach (var subset in ep.Objects("subsets"))
        {
            var ports = subset.Objects("ports").Select(p => p.Int("port")).ToArray();
            foreach (var address in subset.Objects("addresses"))
            {
                var ip = address.Str("ip");
                addresses.AddRange(ports.Length == 0 ? [ip ?? ""] : ports.Select(p => $"{ip}:{p}"));
            }
        }

        if (addresses.Count == 0)
        {
            return Selectors.None;
        }

        var shown = string.Join(",", addresses.Take(max));
        return addresses.Count > max ? $"{shown} + {addresses.Count - max} more..." : shown;
    }

    /// <summary>Access modes abbreviated as kubectl shows them (RWO, ROX, RWX, RWOP).</summary>
    private static string AccessModes(JsonObject obj) => AccessModes(obj, "spec");

    private static string AccessModes(JsonObject obj, string section) =>
        string.Join(",", obj.Strings(section, "accessModes").Select(m => m switch
        {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            _ => m,
        }));

    private static string QuotaUsage(JsonObject quota, bool limits)
    {
        var used = quota.At("status", "used") as JsonObject;
        var hard = quota.StringMap("status", "hard")
            .Where(p => limits ? p.Key.StartsWith("limits.", StringComparison.Ordinal) : !p.Key.StartsWith("limits.", StringComparison.Ordinal))
            .Select(p => $"{p.Key}: {used.Text(p.Key) ?? "0"}/{p.Value}");
        return string.Join(", ", hard);
    }
}

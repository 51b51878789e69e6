using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>Printers of coordination, discovery, networking, policy, scheduling, storage and RBAC resources (columns of Kubernetes' printers.go).</summary>
internal static class ClusterPrinters
{
    public static void Register(IDictionary<(string, string), IResourcePrinter> printers)
    {
        printers[("coordination.k8s.io", "leases")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Holder", "The holder of the lease.", o => o.Str("spec", "holderIdentity") ?? ""),
            PrintedColumn.Age);

        printers[("storage.k8s.io", "storageclasses")] = new ColumnPrinter(
            new PrintedColumn(TableColumn.NameColumn, (o, _) => StorageClassName(o)),
            PrintedColumn.Text("Provisioner", "Indicates the type of the provisioner.", o => o.Str("provisioner") ?? ""),
            PrintedColumn.Text("ReclaimPolicy", "Indicates the type of the reclaim policy.", o => o.Str("reclaimPolicy") ?? "Delete"),
            PrintedColumn.Text("VolumeBindingMode", "Indicates when volume binding and dynamic provisioning should occur.", o => o.Str("volumeBindingMode") ?? "Immediate"),
            PrintedColumn.Text("AllowVolumeExpansion", "Indicates whether the storage class allow volume expand.", o => o.Bool("allowVolumeExpansion") ? "true" : "false"),
            PrintedColumn.Age);

        printers[("discovery.k8s.io", "endpointslices")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("AddressType", "The type of addresses held by this EndpointSlice.", o => o.Str("addressType") ?? ""),
            PrintedColumn.Text("Ports", "The ports of the endpoints.", SlicePorts),
            PrintedColumn.Text("Endpoints", "The addresses of the endpoints.", SliceEndpoints),
            PrintedColumn.Age);

        printers[("networking.k8s.io", "ingresses")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Class", "The name of the IngressClass.", o => o.Str("spec", "ingressClassName") ?? Selectors.None),
            PrintedColumn.Text("Hosts", "Hosts that incoming requests are matched against.", IngressHosts),
            PrintedColumn.Text("Address", "Address is a list containing ingress points for the load-balancer.", o => string.Join(",", o.Objects("status", "loadBalancer", "ingress").Select(i => i.Str("ip") ?? i.Str("hostname")))),
            PrintedColumn.Text("Ports", "Ports of TLS configurations that open.", o => o.Count("spec", "tls") > 0 ? "80, 443" : "80"),
            PrintedColumn.Age);

        printers[("networking.k8s.io", "networkpolicies")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Pod-Selector", "Select the pods to which this policy applies.", o => Selectors.FormatLabelSelector(o.At("spec", "podSelector"))),
            PrintedColumn.Age);

        printers[("policy", "poddisruptionbudgets")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Min Available", "The minimum number of pods that must be available.", o => o.Text("spec", "minAvailable") ?? "N/A"),
            PrintedColumn.Text("Max Unavailable", "The maximum number of pods that may be unavailable.", o => o.Text("spec", "maxUnavailable") ?? "N/A"),
            PrintedColumn.Integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time.", o => o.Int("status", "disruptionsAllowed") ?? 0),
            PrintedColumn.Age);

        printers[("node.k8s.io", "runtimeclasses")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Handler", "handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.", o => o.Str("handler") ?? ""),
            PrintedColumn.Age);

        printers[("scheduling.k8s.io", "priorityclasses")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Integer("Value", "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.", o => o.Int("value") ?? 0),
            new PrintedColumn(
                new TableColumn("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
                (o, _) => JsonValue.Create(o.Bool("globalDefault"))),
            PrintedColumn.Age,
            PrintedColumn.Text("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.", o => o.Str("preemptionPolicy") ?? ""));

        foreach (var resource in new[] { "roles", "clusterroles" })
        {
            printers[("rbac.authorization.k8s.io", resource)] = new ColumnPrinter(PrintedColumn.Name, PrintedColumn.CreatedAt);
        }

        foreach (var resource in new[] { "rolebindings", "clusterrolebindings" })
        {
            printers[("rbac.authorization.k8s.io", resource)] = new ColumnPrinter(
                PrintedColumn.Name,
                PrintedColumn.Text("Role", "RoleRef references the role being granted.", o => $"{o.Str("roleRef", "kind")}/{o.Str("roleRef", "name")}"),
                PrintedColumn.Age,
                PrintedColumn.Text("Users", "Users in the binding.", o => Subjects(o, "User"), priority: 1),
                PrintedColumn.Text("Groups", "Groups in the binding.", o => Subjects(o, "Group"), priority: 1),
                PrintedColumn.Text("ServiceAccounts", "ServiceAccounts in the binding.", o => Subjects(o, "ServiceAccount"), priority: 1));
        }
    }

    private static string SlicePorts(JsonObject slice)
    {
        var ports = slice.Objects("ports").Select(p => p.Int("port")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
        return ports.Length == 0 ? Selectors.Unset : string.Join(",", ports);
    }

    private static string SliceEndpoints(JsonObject slice)
    {
        const int max = 3;
        var addresses = slice.Objects("endpoints").SelectMany(e => e.Strings("addresses")).ToArray();
        if (addresses.Length == 0)
        {
            return Selectors.Unset;
        }

        var shown = string.Join(",", addresses.Take(max));
        return addresses.Length > max ? $"{shown} + {addresses.Length - max} more..." : shown;
    }

    private static string IngressHosts(JsonObject ingress)
    {
        var hosts = ingress.Objects("spec", "rules").Select(r => r.Str("host")).Where(h => !string.IsNullOrEmpty(h)).ToArray();
        return hosts.Length == 0 ? "*" : string.Join(",", hosts);
    }

    private static string Subjects(JsonObject binding, string kind) =>
        string.Join(", ", binding.Objects("subjects").Where(s => s.Str("kind") == kind)
            .Select(s => kind == "ServiceAccount" ? $"{s.Str("namespace")}/{s.Str("name")}" : s.Str("name")));

    /// <summary>kubectl marks the default class after its name.</summary>
    private static string StorageClassName(JsonObject storageClass)
    {
        var name = storageClass.Str("metadata", "name") ?? "";
        var annotations = storageClass["metadata"]?["annotations"];
        return annotations.Str("storageclass.kubernetes.io/is-default-class") == "true" || annotations.Str("storageclass.beta.kubernetes.io/is-default-class") == "true"
            ? name + " (default)"
            : name;
    }
}

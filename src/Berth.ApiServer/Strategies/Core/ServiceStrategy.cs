using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>
/// Services (pkg/registry/core/service): named as DNS-1035 labels, defaulted type, affinity,
/// policies and ports; a replace keeps the addresses and node ports the server allocated; the
/// cluster IP never changes; status starts with an empty loadBalancer.
/// </summary>
public sealed class ServiceStrategy : ResourceStrategy
{
    private static readonly string[] s_allocated = ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort"];

    public override IReadOnlyList<string> CheckName(string name) => NameRules.Dns1035Label(name);

    public override JsonObject? InitialStatus() => new() { ["loadBalancer"] = new JsonObject() };

    public override void Default(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        spec.SetDefault("type", "ClusterIP");
        spec.SetDefault("sessionAffinity", "None");
        var type = spec.Str("type");
        if (type != "ExternalName")
        {
            spec.SetDefault("internalTrafficPolicy", "Cluster");
        }

        if (type is "NodePort" or "LoadBalancer")
        {
            spec.SetDefault("externalTrafficPolicy", "Cluster");
        }

        if (spec.Str("sessionAffinity") == "ClientIP")
        {
            spec.Child("sessionAffinityConfig").Child("clientIP").SetDefault("timeoutSeconds", 10800);
        }

        foreach (var port in spec.Items("ports"))
        {
            port.SetDefault("protocol", "TCP");
            if (port["port"] is { } number)
            {
                port.SetDefault("targetPort", number.DeepClone());
            }
        }
    }

    /// <summary>
    /// Values the server allocated (clusterIP, clusterIPs, ipFamilies, nodePorts, healthCheckNodePort)
    /// are kept when the new body omits them, as a replace of a Service does in Kubernetes.
    /// </summary>
    public override void DefaultUpdate(JsonObject obj, JsonObject old)
    {
        if (obj["spec"] is JsonObject spec && old["spec"] is JsonObject oldSpec)
        {
            DropTypeDependentFields(spec, oldSpec);
            if (spec.Str("type") != "ExternalName")
            {
                KeepAllocatedFields(spec, oldSpec);
            }
        }

        Default(obj);
    }

    private static bool HasNodePorts(string? type) => type is "NodePort" or "LoadBalancer";

    private static void KeepAllocatedFields(JsonObject spec, JsonObject oldSpec)
    {
        foreach (var field in s_allocated)
        {
            if (spec[field] is null && oldSpec[field] is { } allocated)
            {
                spec[field] = allocated.DeepClone();
            }
        }

        if (!HasNodePorts(spec.Str("type")))
        {
            return;
        }
        var oldPorts = oldSpec.Items("ports").ToArray();
        foreach (var port in spec.Items("ports").Where(p => p["nodePort"] is null))
        {
            var match = oldPorts.FirstOrDefault(o => o.Int("port") == port.Int("port") && (o.Str("protocol") ?? "TCP") == (port.Str("protocol") ?? "TCP"));
            if (match?["nodePort"] is { } nodePort)
            {
                port["nodePort"] = nodePort.DeepClone();
            }
        }
    }

    /// <summary>
    /// kube's dropTypeDependentFields: a type change drops the allocated values the new type has no
    /// use for (a cluster IP for ExternalName, node ports for ClusterIP) when the client left them
    /// as they were, so a patch of the type alone is valid; the allocations are then given back.
    /// </summary>
    private static void DropTypeDependentFields(JsonObject spec, JsonObject oldSpec)
    {
        var type = spec.Str("type") ?? "ClusterIP";
        if (type == (oldSpec.Str("type") ?? "ClusterIP"))
        {
            return;
        }
        if (type == "ExternalName" && spec.Str("clusterIP") == oldSpec.Str("clusterIP"))
        {
            foreach (var field in s_allocated)
            {
                spec.Remove(field);
            }
        }
        if (!HasNodePorts(type))
        {
            var oldPorts = oldSpec.Items("ports").Select(p => p.Int("nodePort")).ToHashSet();
            foreach (var port in spec.Items("ports").Where(p => p.Int("nodePort") is { } n && oldPorts.Contains(n)))
            {
                port.Remove("nodePort");
            }
        }
        if (!(type == "LoadBalancer" && spec.Str("externalTrafficPolicy") == "Local") && spec.Int("healthCheckNodePort") == oldSpec.Int("healthCheckNodePort"))
        {
            spec.Remove("healthCheckNodePort");
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors) =>
        ServiceValidator.Validate(obj["spec"] as JsonObject ?? [], errors);

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (old.Str("spec", "clusterIP") is { Length: > 0 } && old.Str("spec", "type") != "ExternalName" && obj.Str("spec", "type") != "ExternalName")
        {
            ImmutableFields.Check(obj, old, "spec.clusterIP", errors, "spec", "clusterIP");
        }
    }
}

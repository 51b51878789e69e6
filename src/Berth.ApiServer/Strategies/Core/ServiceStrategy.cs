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
        if (obj["spec"] is JsonObject spec && old["spec"] is JsonObject oldSpec && spec.Str("type") != "ExternalName")
        {
            foreach (var field in s_allocated)
            {
                if (spec[field] is null && oldSpec[field] is { } allocated)
                {
                    spec[field] = allocated.DeepClone();
                }
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

        Default(obj);
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

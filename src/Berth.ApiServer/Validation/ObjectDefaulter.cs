using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>
/// Fills in the defaults Kubernetes sets on create and update (SetDefaults_* of the v1 API groups,
/// plus the registry's PrepareForCreate touches such as a new pod's Pending phase), in place.
/// Defaulting is idempotent, so it runs on every write.
/// </summary>
public static class ObjectDefaulter
{
    /// <summary>Defaults a new object of the given kind; unknown kinds are left as they are.</summary>
    public static void Apply(JsonObject obj, GroupVersionKind gvk) => Apply(obj, gvk, creating: true);

    private static void Apply(JsonObject obj, GroupVersionKind gvk, bool creating)
    {
        var spec = obj["spec"] as JsonObject;
        switch ((gvk.Group, gvk.Kind))
        {
            case ("", "Pod"):
                Pod(obj);
                break;
            case ("", "PodTemplate"):
                PodTemplate(obj["template"] as JsonObject);
                break;
            case ("", "ReplicationController") when spec is not null:
                spec.SetDefault("replicas", 1);
                PodTemplate(spec["template"] as JsonObject);
                break;
            case ("", "Service") when spec is not null:
                Service(spec);
                break;
            case ("", "Namespace"):
                Namespace(obj, creating);
                break;
            case ("", "Secret"):
                Secret(obj);
                break;
            case ("", "Endpoints"):
                foreach (var port in obj.Items("subsets").SelectMany(s => s.Items("ports")))
                {
                    port.SetDefault("protocol", "TCP");
                }

                break;
            case ("", "PersistentVolume"):
                obj.Child("spec").SetDefault("persistentVolumeReclaimPolicy", "Retain");
                obj.Child("spec").SetDefault("volumeMode", "Filesystem");
                obj.Child("status").SetDefault("phase", "Pending");
                break;
            case ("", "PersistentVolumeClaim"):
                obj.Child("spec").SetDefault("volumeMode", "Filesystem");
                obj.Child("status").SetDefault("phase", "Pending");
                break;
            case ("apps", _) when spec is not null:
                WorkloadDefaults.Apps(gvk.Kind, spec);
                break;
            case ("batch", "Job") when spec is not null:
                WorkloadDefaults.Job(obj, spec);
                break;
            case ("batch", "CronJob") when spec is not null:
                WorkloadDefaults.CronJob(spec);
                break;
            case ("autoscaling", "HorizontalPodAutoscaler") when spec is not null:
                WorkloadDefaults.HorizontalPodAutoscaler(spec);
                break;
            case ("discovery.k8s.io", "EndpointSlice"):
                foreach (var port in obj.Items("ports"))
                {
                    port.SetDefault("protocol", "TCP");
                }

                break;
        }
    }

    /// <summary>
    /// Defaults an update: values the server allocated (a service's clusterIP, clusterIPs, ipFamilies,
    /// nodePorts, healthCheckNodePort) are kept when the new body omits them, as a replace of a
    /// Service does in Kubernetes; then <see cref="Apply"/>.
    /// </summary>
    public static void ApplyUpdate(JsonObject obj, JsonObject old, GroupVersionKind gvk)
    {
        if (gvk is { Group: "", Kind: "Service" } && obj["spec"] is JsonObject spec && old["spec"] is JsonObject oldSpec
            && spec.Str("type") != "ExternalName")
        {
            foreach (var field in new[] { "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort" })
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

        Apply(obj, gvk, creating: false);
    }

    /// <summary>Defaults the pod template of a workload (labels, annotations and pod spec).</summary>
    internal static void PodTemplate(JsonObject? template)
    {
        if (template?["spec"] is JsonObject podSpec)
        {
            PodSpecDefaults.Apply(podSpec);
        }
    }

    private static void Pod(JsonObject pod)
    {
        var spec = pod.Child("spec");
        PodSpecDefaults.Apply(spec);

        // Admission plugins of a default cluster: ServiceAccount, Priority, DefaultTolerationSeconds.
        spec.SetDefault("serviceAccountName", "default");
        spec.SetDefault("serviceAccount", spec["serviceAccountName"]!.DeepClone());
        spec.SetDefault("priority", 0);
        spec.SetDefault("preemptionPolicy", "PreemptLowerPriority");
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        foreach (var taint in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            if (!tolerations.OfType<JsonObject>().Any(t => t.Str("key") == taint && t.Str("effect") is null or "NoExecute"))
            {
                tolerations.Add((JsonNode)new JsonObject
                {
                    ["key"] = taint,
                    ["operator"] = "Exists",
                    ["effect"] = "NoExecute",
                    ["tolerationSeconds"] = 300,
                });
            }
        }

        spec["tolerations"] = tolerations;

        var status = pod.Child("status");
        status.SetDefault("phase", "Pending");
        status.SetDefault("qosClass", QosClass.Of(spec));
    }

    private static void Service(JsonObject spec)
    {
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
    /// The "kubernetes" finalizer is set on create only (the namespace strategy's PrepareForCreate),
    /// so finalize can clear it and an update never brings it back.
    /// </summary>
    private static void Namespace(JsonObject ns, bool creating)
    {
        if (ns.Str("metadata", "name") is { } name)
        {
            ns.Child("metadata").Child("labels")["kubernetes.io/metadata.name"] = name;
        }

        if (creating)
        {
            ns.Child("spec").SetDefault("finalizers", new JsonArray("kubernetes"));
        }
        ns.Child("status").SetDefault("phase", "Active");
    }

    /// <summary>Secret defaults: type Opaque, and the write-only stringData merged into data as base64.</summary>
    private static void Secret(JsonObject secret)
    {
        secret.SetDefault("type", "Opaque");
        if (secret["stringData"] is JsonObject stringData)
        {
            var data = secret.Child("data");
            foreach (var (key, value) in stringData)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(v.GetValue<string>()));
                }
            }

            secret.Remove("stringData");
        }
    }
}

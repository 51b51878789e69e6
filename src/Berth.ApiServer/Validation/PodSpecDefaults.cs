using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>The defaults of a pod spec and its containers (k8s.io/kubernetes pkg/apis/core/v1/defaults.go).</summary>
internal static class PodSpecDefaults
{
    /// <summary>Defaults the pod template of a workload (its pod spec).</summary>
    public static void Template(JsonObject? template)
    {
        if (template?["spec"] is JsonObject podSpec)
        {
            Apply(podSpec);
        }
    }

    public static void Apply(JsonObject spec)
    {
        spec.SetDefault("dnsPolicy", "ClusterFirst");
        spec.SetDefault("restartPolicy", "Always");
        spec.SetDefault("terminationGracePeriodSeconds", 30);
        spec.SetDefault("securityContext", new JsonObject());
        spec.SetDefault("schedulerName", "default-scheduler");
        spec.SetDefault("enableServiceLinks", true);
        if (spec["hostNetwork"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            foreach (var container in spec.Items("containers").Concat(spec.Items("initContainers")))
            {
                foreach (var port in container.Items("ports"))
                {
                    port.SetDefault("hostPort", port["containerPort"]?.DeepClone() ?? 0);
                }
            }
        }

        foreach (var container in spec.Items("containers").Concat(spec.Items("initContainers")).Concat(spec.Items("ephemeralContainers")))
        {
            Container(container);
        }

        foreach (var volume in spec.Items("volumes"))
        {
            Volume(volume);
        }
    }

    /// <summary>The imagePullPolicy Kubernetes picks from the image reference: Always for :latest or no tag, else IfNotPresent.</summary>
    public static string PullPolicyFor(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return "IfNotPresent";
        }

        var reference = image;
        if (reference.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        var tag = colon > lastSlash ? reference[(colon + 1)..] : "";
        return tag is "" or "latest" ? "Always" : "IfNotPresent";
    }

    private static void Container(JsonObject container)
    {
        container.SetDefault("imagePullPolicy", PullPolicyFor(container.Str("image")));
        container.SetDefault("terminationMessagePath", "/dev/termination-log");
        container.SetDefault("terminationMessagePolicy", "File");
        container.SetDefault("resources", new JsonObject());
        foreach (var port in container.Items("ports"))
        {
            port.SetDefault("protocol", "TCP");
        }

        foreach (var env in container.Items("env"))
        {
            if (env.At("valueFrom", "fieldRef") is JsonObject fieldRef)
            {
                fieldRef.SetDefault("apiVersion", "v1");
            }
        }

        foreach (var probeName in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container[probeName] is JsonObject probe)
            {
                Probe(probe);
            }
        }

        foreach (var hook in new[] { "postStart", "preStop" })
        {
            if (container.At("lifecycle", hook, "httpGet") is JsonObject httpGet)
            {
                httpGet.SetDefault("scheme", "HTTP");
            }
        }
    }

    private static void Probe(JsonObject probe)
    {
        probe.SetDefault("timeoutSeconds", 1);
        probe.SetDefault("periodSeconds", 10);
        probe.SetDefault("successThreshold", 1);
        probe.SetDefault("failureThreshold", 3);
        if (probe["httpGet"] is JsonObject httpGet)
        {
            httpGet.SetDefault("scheme", "HTTP");
        }

        if (probe["grpc"] is JsonObject grpc)
        {
            grpc.SetDefault("service", "");
        }
    }

    private static void Volume(JsonObject volume)
    {
        foreach (var source in new[] { "configMap", "secret" })
        {
            if (volume[source] is JsonObject s)
            {
                s.SetDefault("defaultMode", 420);
            }
        }

        if (volume["projected"] is JsonObject projected)
        {
            projected.SetDefault("defaultMode", 420);
        }

        if (volume["downwardAPI"] is JsonObject downward)
        {
            downward.SetDefault("defaultMode", 420);
        }

        if (volume["hostPath"] is JsonObject hostPath)
        {
            hostPath.SetDefault("type", "");
        }

        if (volume.ContainsKey("emptyDir") && volume["emptyDir"] is null)
        {
            volume["emptyDir"] = new JsonObject();
        }

        var hasSource = volume.Any(p => p.Key != "name");
        if (!hasSource)
        {
            volume["emptyDir"] = new JsonObject();
        }
    }
}

using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;
using static Berth.ApiServer.AdmissionControl.PodSecurity.PodSecurityText;

namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>The restricted checks of the Pod Security Standards, worded as kube's pod-security-admission words them.</summary>
internal static class RestrictedChecks
{
    // The volume sources restricted allows; any other is named by its field (or "unknown").
    private static readonly HashSet<string> s_allowedVolumes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static readonly string[] s_restrictedVolumes =
    [
        "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc",
        "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos", "hostPath",
    ];

    public static CheckResult? AllowPrivilegeEscalation(JsonObject metadata, JsonObject spec, int minor)
    {
        if (IsWindows(spec, minor))
        {
            return null;
        }
        var containers = VisitContainers(spec).Where(c => !IsFalse(c.At("securityContext", "allowPrivilegeEscalation"))).Select(Name).ToList();
        return containers.Count == 0 ? null
            : new CheckResult("allowPrivilegeEscalation != false", $"{Containers(containers)} must set securityContext.allowPrivilegeEscalation=false");
    }

    public static CheckResult? Capabilities(JsonObject metadata, JsonObject spec, int minor)
    {
        if (IsWindows(spec, minor))
        {
            return null;
        }
        var missingDropAll = new List<string>();
        var addingForbidden = new List<string>();
        var forbidden = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in VisitContainers(spec))
        {
            if (container.At("securityContext", "capabilities") is not JsonObject capabilities)
            {
                missingDropAll.Add(Name(container));
                continue;
            }
            if (!(capabilities["drop"] as JsonArray ?? []).Any(c => c.Text() == "ALL"))
            {
                missingDropAll.Add(Name(container));
            }
            var added = (capabilities["add"] as JsonArray ?? []).Select(c => c.Text() ?? "").Where(c => c != "NET_BIND_SERVICE").ToList();
            if (added.Count > 0)
            {
                addingForbidden.Add(Name(container));
                forbidden.UnionWith(added);
            }
        }
        var details = new List<string>();
        if (missingDropAll.Count > 0)
        {
            details.Add($"{Containers(missingDropAll)} must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (addingForbidden.Count > 0)
        {
            details.Add($"{Containers(addingForbidden)} must not include {JoinQuote(forbidden)} in securityContext.capabilities.add");
        }
        return details.Count == 0 ? null : new CheckResult("unrestricted capabilities", string.Join("; ", details));
    }

    public static CheckResult? Volumes(JsonObject metadata, JsonObject spec, int minor)
    {
        var volumes = new List<string>();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var volume in spec.Objects("volumes"))
        {
            if (volume.Any(field => s_allowedVolumes.Contains(field.Key)))
            {
                continue;
            }
            volumes.Add(volume.Str("name") ?? "");
            types.Add(s_restrictedVolumes.FirstOrDefault(volume.ContainsKey) ?? "unknown");
        }
        return volumes.Count == 0 ? null : new CheckResult("restricted volume types",
            $"{Pluralize("volume", "volumes", volumes.Count)} {JoinQuote(volumes)} {Pluralize("uses", "use", volumes.Count)} " +
            $"{Pluralize("restricted volume type", "restricted volume types", types.Count)} {JoinQuote(types)}");
    }

    public static CheckResult? RunAsNonRoot(JsonObject metadata, JsonObject spec, int minor)
    {
        if (IsWindows(spec, minor))
        {
            return null;
        }
        var setters = new List<string>();
        var podNonRoot = false;
        var podValue = spec.At("securityContext", "runAsNonRoot");
        if (IsFalse(podValue))
        {
            setters.Add("pod");
        }
        else if (IsTrue(podValue))
        {
            podNonRoot = true;
        }
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var container in VisitContainers(spec))
        {
            var value = container.At("securityContext", "runAsNonRoot");
            if (IsFalse(value))
            {
                explicitlyBad.Add(Name(container));
            }
            else if (!IsTrue(value) && !podNonRoot)
            {
                implicitlyBad.Add(Name(container));
            }
        }
        if (explicitlyBad.Count > 0)
        {
            setters.Add(Containers(explicitlyBad));
        }
        if (setters.Count > 0)
        {
            return new CheckResult("runAsNonRoot != true", $"{string.Join(" and ", setters)} must not set securityContext.runAsNonRoot=false");
        }
        return implicitlyBad.Count == 0 ? null
            : new CheckResult("runAsNonRoot != true", $"pod or {Containers(implicitlyBad)} must set securityContext.runAsNonRoot=true");
    }

    public static CheckResult? RunAsUser(JsonObject metadata, JsonObject spec, int minor)
    {
        static bool Root(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var uid) && uid == 0;
        var setters = new List<string>();
        if (Root(spec.At("securityContext", "runAsUser")))
        {
            setters.Add("pod");
        }
        var containers = VisitContainers(spec).Where(c => Root(c.At("securityContext", "runAsUser"))).Select(Name).ToList();
        if (containers.Count > 0)
        {
            setters.Add(Containers(containers));
        }
        return setters.Count == 0 ? null : new CheckResult("runAsUser=0", $"{string.Join(" and ", setters)} must not set runAsUser=0");
    }

    public static CheckResult? SeccompProfile(JsonObject metadata, JsonObject spec, int minor)
    {
        if (IsWindows(spec, minor))
        {
            return null;
        }
        static bool Valid(string type) => type is "RuntimeDefault" or "Localhost";
        var setters = new List<string>();
        var badValues = new SortedSet<string>(StringComparer.Ordinal);
        var podSet = false;
        if (spec.At("securityContext", "seccompProfile") is JsonObject podProfile)
        {
            var type = podProfile.Str("type") ?? "";
            if (Valid(type))
            {
                podSet = true;
            }
            else
            {
                setters.Add("pod");
                badValues.Add(type);
            }
        }
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var container in VisitContainers(spec))
        {
            if (container.At("securityContext", "seccompProfile") is JsonObject profile)
            {
                var type = profile.Str("type") ?? "";
                if (!Valid(type))
                {
                    explicitlyBad.Add(Name(container));
                    badValues.Add(type);
                }
            }
            else if (!podSet)
            {
                implicitlyBad.Add(Name(container));
            }
        }
        if (explicitlyBad.Count > 0)
        {
            setters.Add(Containers(explicitlyBad));
        }
        if (setters.Count > 0)
        {
            return new CheckResult("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to {JoinQuote(badValues)}");
        }
        return implicitlyBad.Count == 0 ? null
            : new CheckResult("seccompProfile", $"pod or {Containers(implicitlyBad)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;
using static Berth.ApiServer.AdmissionControl.PodSecurity.PodSecurityText;

namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>The baseline checks of the Pod Security Standards, worded as kube's pod-security-admission words them.</summary>
internal static class BaselineChecks
{
    private static readonly HashSet<string> s_defaultCapabilities =
        ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];

    private static readonly HashSet<string> s_seLinuxTypes = ["", "container_t", "container_init_t", "container_kvm_t"];

    private const string AppArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    public static CheckResult? AppArmorProfile(JsonObject metadata, JsonObject spec, int minor)
    {
        var setters = new List<string>();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        if (spec.Str("securityContext", "appArmorProfile", "type") is { } podType && podType is not ("RuntimeDefault" or "Localhost"))
        {
            setters.Add("pod");
            values.Add(podType);
        }
        var containers = new List<string>();
        foreach (var container in VisitContainers(spec))
        {
            if (container.Str("securityContext", "appArmorProfile", "type") is { } type && type is not ("RuntimeDefault" or "Localhost"))
            {
                containers.Add(Name(container));
                values.Add(type);
            }
        }
        if (containers.Count > 0)
        {
            setters.Add(Containers(containers));
        }
        var annotations = (metadata["annotations"] as JsonObject ?? [])
            .Where(a => a.Key.StartsWith(AppArmorAnnotationPrefix, StringComparison.Ordinal) && a.Value.Text() is { } profile
                && profile.Length > 0 && profile != "runtime/default" && !profile.StartsWith("localhost/", StringComparison.Ordinal))
            .Select(a => $"{a.Key}=\"{a.Value.Text()}\"").Order(StringComparer.Ordinal).ToList();
        var listed = values.ToList();
        if (annotations.Count > 0)
        {
            listed.AddRange(annotations);
            setters.Add(Pluralize("annotation", "annotations", annotations.Count));
        }
        return setters.Count == 0 ? null
            : new CheckResult("forbidden AppArmor profile", $"{string.Join(" and ", setters)} must not set AppArmor profile type to {JoinQuote(listed)}");
    }

    public static CheckResult? HostNamespaces(JsonObject metadata, JsonObject spec, int minor)
    {
        var set = new[] { "hostIPC", "hostNetwork", "hostPID" }.Where(field => IsTrue(spec[field])).ToList();
        return set.Count == 0 ? null : new CheckResult("host namespaces", string.Join(", ", set.Select(f => $"{f}=true")));
    }

    public static CheckResult? HostPathVolumes(JsonObject metadata, JsonObject spec, int minor)
    {
        var volumes = spec.Objects("volumes").Where(v => v["hostPath"] is not null).Select(v => v.Str("name") ?? "").ToList();
        return volumes.Count == 0 ? null : new CheckResult("hostPath volumes", $"{Pluralize("volume", "volumes", volumes.Count)} {JoinQuote(volumes)}");
    }

    public static CheckResult? HostPorts(JsonObject metadata, JsonObject spec, int minor)
    {
        var containers = new List<string>();
        var ports = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in VisitContainers(spec))
        {
            var used = container.Objects("ports").Select(p => p["hostPort"] is JsonValue v && v.TryGetValue<long>(out var port) ? port : 0).Where(p => p != 0).ToList();
            if (used.Count > 0)
            {
                containers.Add(Name(container));
                ports.UnionWith(used.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            }
        }
        return containers.Count == 0 ? null : new CheckResult("hostPort",
            $"{Containers(containers)} {Pluralize("uses", "use", containers.Count)} {Pluralize("hostPort", "hostPorts", ports.Count)} {string.Join(", ", ports)}");
    }

    public static CheckResult? Privileged(JsonObject metadata, JsonObject spec, int minor)
    {
        var containers = VisitContainers(spec).Where(c => IsTrue(c.At("securityContext", "privileged"))).Select(Name).ToList();
        return containers.Count == 0 ? null : new CheckResult("privileged", $"{Containers(containers)} must not set securityContext.privileged=true");
    }

    public static CheckResult? ProcMount(JsonObject metadata, JsonObject spec, int minor)
    {
        var containers = new List<string>();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in VisitContainers(spec))
        {
            if (container.Str("securityContext", "procMount") is { } type && type != "Default")
            {
                containers.Add(Name(container));
                types.Add(type);
            }
        }
        return containers.Count == 0 ? null : new CheckResult("procMount", $"{Containers(containers)} must not set securityContext.procMount to {JoinQuote(types)}");
    }

    public static CheckResult? SeLinuxOptions(JsonObject metadata, JsonObject spec, int minor)
    {
        var badTypes = new SortedSet<string>(StringComparer.Ordinal);
        var setUser = false;
        var setRole = false;
        bool Valid(JsonNode? options)
        {
            if (options is not JsonObject opts)
            {
                return true;
            }
            var valid = true;
            var type = opts.Str("type") ?? "";
            if (!s_seLinuxTypes.Contains(type))
            {
                valid = false;
                badTypes.Add(type);
            }
            if (!string.IsNullOrEmpty(opts.Str("user")))
            {
                valid = false;
                setUser = true;
            }
            if (!string.IsNullOrEmpty(opts.Str("role")))
            {
                valid = false;
                setRole = true;
            }
            return valid;
        }
        var setters = new List<string>();
        if (!Valid(spec.At("securityContext", "seLinuxOptions")))
        {
            setters.Add("pod");
        }
        var containers = VisitContainers(spec).Where(c => !Valid(c.At("securityContext", "seLinuxOptions"))).Select(Name).ToList();
        if (containers.Count > 0)
        {
            setters.Add(Containers(containers));
        }
        if (setters.Count == 0)
        {
            return null;
        }
        // As kube words it: user and role are only mentioned beside a forbidden type.
        var data = new List<string>();
        if (badTypes.Count > 0)
        {
            data.Add($"{Pluralize("type", "types", badTypes.Count)} {JoinQuote(badTypes)}");
            if (setUser)
            {
                data.Add("user may not be set");
            }
            if (setRole)
            {
                data.Add("role may not be set");
            }
        }
        return new CheckResult("seLinuxOptions", $"{string.Join(" and ", setters)} set forbidden securityContext.seLinuxOptions: {string.Join("; ", data)}");
    }

    public static CheckResult? Sysctls(JsonObject metadata, JsonObject spec, int minor)
    {
        var forbidden = spec.Objects("securityContext", "sysctls").Select(s => s.Str("name") ?? "").Where(name => !SysctlAllowed(name, minor)).ToList();
        return forbidden.Count == 0 ? null : new CheckResult("forbidden sysctls", string.Join(", ", forbidden));
    }

    public static CheckResult? WindowsHostProcess(JsonObject metadata, JsonObject spec, int minor)
    {
        var setters = new List<string>();
        if (IsTrue(spec.At("securityContext", "windowsOptions", "hostProcess")))
        {
            setters.Add("pod");
        }
        var containers = VisitContainers(spec).Where(c => IsTrue(c.At("securityContext", "windowsOptions", "hostProcess"))).Select(Name).ToList();
        if (containers.Count > 0)
        {
            setters.Add(Containers(containers));
        }
        return setters.Count == 0 ? null : new CheckResult("hostProcess", $"{string.Join(" and ", setters)} must not set securityContext.windowsOptions.hostProcess=true");
    }

    /// <summary>Capabilities beyond the container runtime's defaults (replaced by the restricted check at that level).</summary>
    public static CheckResult? CapabilitiesBaseline(JsonObject metadata, JsonObject spec, int minor)
    {
        var containers = new List<string>();
        var added = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in VisitContainers(spec))
        {
            var extra = (container.At("securityContext", "capabilities", "add") as JsonArray ?? []).Select(c => c.Text() ?? "").Where(c => !s_defaultCapabilities.Contains(c)).ToList();
            if (extra.Count > 0)
            {
                containers.Add(Name(container));
                added.UnionWith(extra);
            }
        }
        return containers.Count == 0 ? null
            : new CheckResult("non-default capabilities", $"{Containers(containers)} must not include {JoinQuote(added)} in securityContext.capabilities.add");
    }

    public static CheckResult? SeccompProfileBaseline(JsonObject metadata, JsonObject spec, int minor)
    {
        var setters = new List<string>();
        if (spec.Str("securityContext", "seccompProfile", "type") == "Unconfined")
        {
            setters.Add("pod");
        }
        var containers = VisitContainers(spec).Where(c => c.Str("securityContext", "seccompProfile", "type") == "Unconfined").Select(Name).ToList();
        if (containers.Count > 0)
        {
            setters.Add(Containers(containers));
        }
        return setters.Count == 0 ? null
            : new CheckResult("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }

    /// <summary>The namespaced sysctls each version allows.</summary>
    private static bool SysctlAllowed(string name, int minor) => name switch
    {
        "kernel.shm_rmid_forced" or "net.ipv4.ip_local_port_range" or "net.ipv4.tcp_syncookies" or "net.ipv4.ping_group_range" or "net.ipv4.ip_unprivileged_port_start" => true,
        "net.ipv4.ip_local_reserved_ports" => minor >= 27,
        "net.ipv4.tcp_keepalive_time" or "net.ipv4.tcp_fin_timeout" or "net.ipv4.tcp_keepalive_intvl" or "net.ipv4.tcp_keepalive_probes" => minor >= 29,
        "net.ipv4.tcp_rmem" or "net.ipv4.tcp_wmem" => minor >= 32,
        _ => false,
    };
}

using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Checks a pod spec (a subset of pkg/apis/core/validation ValidatePodSpec that covers what manifests get wrong).</summary>
internal static class PodSpecValidator
{
    private static readonly string[] s_restartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] s_pullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] s_dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] s_protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] s_terminationMessagePolicies = ["File", "FallbackToLogsOnError"];

    /// <param name="spec">The pod spec.</param>
    /// <param name="path">Its field path: <c>spec</c> or <c>spec.template.spec</c>.</param>
    /// <param name="errors">Where errors are added.</param>
    /// <param name="claimVolumes">Volumes the controller adds to each pod (a StatefulSet's volumeClaimTemplates), which mounts may name.</param>
    public static void Validate(JsonObject? spec, string path, List<FieldError> errors, IEnumerable<string>? claimVolumes = null)
    {
        if (spec is null)
        {
            errors.Add(FieldError.Required(path));
            return;
        }

        var volumes = Volumes(spec, path, errors);
        volumes.UnionWith(claimVolumes ?? []);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (spec["containers"] is not JsonArray { Count: > 0 })
        {
            errors.Add(FieldError.Required($"{path}.containers"));
        }

        Containers(spec, "containers", path, volumes, names, errors);
        Containers(spec, "initContainers", path, volumes, names, errors);
        Containers(spec, "ephemeralContainers", path, volumes, names, errors);
        EphemeralContainerValidator.Validate(spec, path, errors);

        OneOf(spec, "restartPolicy", s_restartPolicies, path, errors);
        OneOf(spec, "dnsPolicy", s_dnsPolicies, path, errors);
        NonNegative(spec, "terminationGracePeriodSeconds", path, errors);
        if (spec["activeDeadlineSeconds"] is { } deadline && spec.Int("activeDeadlineSeconds") is not > 0)
        {
            errors.Add(FieldError.Invalid($"{path}.activeDeadlineSeconds", deadline.DeepClone(), "must be greater than or equal to 1"));
        }

        MetadataValidator.Labels(spec["nodeSelector"], $"{path}.nodeSelector", errors);
        if (spec.Str("serviceAccountName") is { Length: > 0 } sa)
        {
            foreach (var message in NameRules.Dns1123Subdomain(sa))
            {
                errors.Add(FieldError.Invalid($"{path}.serviceAccountName", sa, message));
            }
        }
    }

    private static HashSet<string> Volumes(JsonObject spec, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var volume in spec.Items("volumes"))
        {
            var at = $"{path}.volumes[{i++}]";
            var name = volume.Str("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(FieldError.Required($"{at}.name"));
                continue;
            }

            UniqueName(name, NameRules.Dns1123Label(name), $"{at}.name", names, errors);
        }

        return names;
    }

    private static void Containers(JsonObject spec, string field, string path, HashSet<string> volumes, HashSet<string> names, List<FieldError> errors)
    {
        var i = 0;
        foreach (var container in spec.Items(field))
        {
            var at = $"{path}.{field}[{i++}]";
            var name = container.Str("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(FieldError.Required($"{at}.name"));
            }
            else
            {
                UniqueName(name, NameRules.Dns1123Label(name), $"{at}.name", names, errors);
            }

            if (string.IsNullOrWhiteSpace(container.Str("image")))
            {
                errors.Add(FieldError.Required($"{at}.image"));
            }

            OneOf(container, "imagePullPolicy", s_pullPolicies, at, errors);
            OneOf(container, "terminationMessagePolicy", s_terminationMessagePolicies, at, errors);
            Ports(container, at, errors);
            Env(container, at, errors);
            Mounts(container, at, volumes, errors);
            ProbeValidator.Validate(container, at, errors);
        }
    }

    private static void Ports(JsonObject container, string at, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var port in container.Items("ports"))
        {
            var p = $"{at}.ports[{i++}]";
            if (port.Str("name") is { Length: > 0 } name)
            {
                UniqueName(name, NameRules.PortName(name), $"{p}.name", names, errors);
            }

            RequiredPortNumber(port, "containerPort", p, errors);

            PortNumber(port, "hostPort", p, errors, allowZero: true);
            OneOf(port, "protocol", s_protocols, p, errors);
        }
    }

    /// <summary>Reports a list entry's name that breaks its rule or repeats a name already in <paramref name="seen"/>.</summary>
    public static void UniqueName(string name, IReadOnlyList<string> ruleMessages, string path, HashSet<string> seen, List<FieldError> errors)
    {
        foreach (var message in ruleMessages)
        {
            errors.Add(FieldError.Invalid(path, name, message));
        }

        if (!seen.Add(name))
        {
            errors.Add(FieldError.Duplicate(path, name));
        }
    }

    /// <summary>Checks a port number field that must be present.</summary>
    public static void RequiredPortNumber(JsonObject obj, string field, string at, List<FieldError> errors)
    {
        if (obj[field] is null)
        {
            errors.Add(FieldError.Required(Join(at, field)));
        }
        else
        {
            PortNumber(obj, field, at, errors, allowZero: false);
        }
    }

    /// <summary>Checks a port number field: 1-65535 (0 allowed for optional host ports).</summary>
    public static void PortNumber(JsonObject obj, string field, string at, List<FieldError> errors, bool allowZero)
    {
        if (obj[field] is not { } value)
        {
            return;
        }

        var n = obj.Int(field);
        if (n is null || n > 65535 || n < 0 || (n == 0 && !allowZero))
        {
            errors.Add(FieldError.Invalid(Join(at, field), value.DeepClone(), "must be between 1 and 65535, inclusive"));
        }
    }

    private static void Env(JsonObject container, string at, List<FieldError> errors)
    {
        var i = 0;
        foreach (var env in container.Items("env"))
        {
            var e = $"{at}.env[{i++}]";
            var name = env.Str("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(FieldError.Required($"{e}.name"));
                continue;
            }

            foreach (var message in NameRules.EnvVarName(name))
            {
                errors.Add(FieldError.Invalid($"{e}.name", name, message));
            }

            if (env["value"] is not null && env["valueFrom"] is not null)
            {
                errors.Add(FieldError.Invalid($"{e}.valueFrom", "", "may not be specified when `value` is not empty"));
            }
        }
    }

    private static void Mounts(JsonObject container, string at, HashSet<string> volumes, List<FieldError> errors)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var mount in container.Items("volumeMounts"))
        {
            var m = $"{at}.volumeMounts[{i++}]";
            var name = mount.Str("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(FieldError.Required($"{m}.name"));
            }
            else if (!volumes.Contains(name))
            {
                errors.Add(FieldError.NotFound($"{m}.name", name));
            }

            var mountPath = mount.Str("mountPath");
            if (string.IsNullOrEmpty(mountPath))
            {
                errors.Add(FieldError.Required($"{m}.mountPath"));
            }
            else if (!paths.Add(mountPath))
            {
                errors.Add(FieldError.Invalid($"{m}.mountPath", mountPath, "must be unique"));
            }
        }
    }

    /// <summary>Checks that an optional string field holds one of the supported values.</summary>
    public static void OneOf(JsonObject obj, string field, IReadOnlyList<string> supported, string at, List<FieldError> errors)
    {
        if (obj[field] is { } value && !supported.Contains(obj.Str(field) ?? "\0"))
        {
            errors.Add(FieldError.NotSupported(Join(at, field), value.DeepClone(), supported));
        }
    }

    /// <summary>Checks that an optional integer field is not negative.</summary>
    public static void NonNegative(JsonObject obj, string field, string at, List<FieldError> errors)
    {
        if (obj[field] is { } value && obj.Int(field) is not >= 0)
        {
            errors.Add(FieldError.Invalid(Join(at, field), value.DeepClone(), "must be greater than or equal to 0"));
        }
    }

    private static string Join(string at, string field) => at.Length == 0 ? field : $"{at}.{field}";
}

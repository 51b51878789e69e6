using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Checks a service spec: type, ports (numbers, names, protocols, target ports), session affinity.</summary>
internal static class ServiceValidator
{
    private static readonly string[] s_types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] s_protocols = ["SCTP", "TCP", "UDP"];

    public static void Validate(JsonObject spec, List<FieldError> errors)
    {
        PodSpecValidator.OneOf(spec, "type", s_types, "spec", errors);
        PodSpecValidator.OneOf(spec, "sessionAffinity", ["ClientIP", "None"], "spec", errors);
        var type = spec.Str("type") ?? "ClusterIP";
        var headless = spec.Str("clusterIP") == "None";
        ClusterIps(spec, errors);
        var ports = spec["ports"] as JsonArray;
        if (type == "ExternalName")
        {
            if (string.IsNullOrEmpty(spec.Str("externalName")))
            {
                errors.Add(FieldError.Required("spec.externalName"));
            }
        }
        else if (!headless && ports is not { Count: > 0 })
        {
            errors.Add(FieldError.Required("spec.ports"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var many = ports?.Count > 1;
        var i = 0;
        foreach (var port in spec.Items("ports"))
        {
            var at = $"spec.ports[{i++}]";
            var name = port.Str("name");
            if (string.IsNullOrEmpty(name))
            {
                if (many)
                {
                    errors.Add(FieldError.Required($"{at}.name"));
                }
            }
            else
            {
                PodSpecValidator.UniqueName(name, NameRules.Dns1123Label(name), $"{at}.name", names, errors);
            }

            PodSpecValidator.RequiredPortNumber(port, "port", at, errors);

            PodSpecValidator.OneOf(port, "protocol", s_protocols, at, errors);
            TargetPort(port, at, errors);
            if (port["nodePort"] is not null)
            {
                if (type is "ClusterIP" or "ExternalName" && port.Int("nodePort") is not 0)
                {
                    errors.Add(FieldError.Forbidden($"{at}.nodePort", $"may not be used when `type` is '{type}'"));
                }
                else
                {
                    PodSpecValidator.PortNumber(port, "nodePort", at, errors, allowZero: true);
                }
            }
        }

        MetadataValidator.Labels(spec["selector"], "spec.selector", errors);
    }

    private static void TargetPort(JsonObject port, string at, List<FieldError> errors)
    {
        switch (port["targetPort"])
        {
            case null:
                return;
            case var v when port.Int("targetPort") is { } n:
                if (n is < 1 or > 65535)
                {
                    errors.Add(FieldError.Invalid($"{at}.targetPort", v.DeepClone(), "must be between 1 and 65535, inclusive"));
                }

                return;
            case var v when port.Str("targetPort") is { } name:
                foreach (var message in NameRules.PortName(name))
                {
                    errors.Add(FieldError.Invalid($"{at}.targetPort", v.DeepClone(), message));
                }

                return;
            case var v:
                errors.Add(FieldError.Invalid($"{at}.targetPort", v.DeepClone(), "must be an integer or a port name"));
                return;
        }
    }

    /// <summary>A requested cluster IP is None (headless) or an address; clusterIPs, when given, starts with it.</summary>
    private static void ClusterIps(JsonObject spec, List<FieldError> errors)
    {
        var ips = (spec["clusterIPs"] as JsonArray ?? []).Select(n => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null).ToList();
        for (var i = 0; i < ips.Count; i++)
        {
            if (ips[i] is not { } ip || (ip != "None" && !IPAddress.TryParse(ip, out _)))
            {
                errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", ips[i], "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }
        var clusterIp = spec.Str("clusterIP");
        if (!string.IsNullOrEmpty(clusterIp) && clusterIp != "None" && !IPAddress.TryParse(clusterIp, out _))
        {
            errors.Add(FieldError.Invalid("spec.clusterIP", clusterIp, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }
        else if (!string.IsNullOrEmpty(clusterIp) && ips.Count > 0 && ips[0] != clusterIp)
        {
            errors.Add(FieldError.Invalid("spec.clusterIPs[0]", ips[0], "must match clusterIP when set"));
        }
    }
}

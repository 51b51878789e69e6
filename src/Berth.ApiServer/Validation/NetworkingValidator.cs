using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Checks Ingresses and EndpointSlices: the fields whose absence breaks the proxy that reads them.</summary>
internal static class NetworkingValidator
{
    private static readonly string[] s_pathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
    private static readonly string[] s_addressTypes = ["FQDN", "IPv4", "IPv6"];

    public static void Ingress(JsonObject spec, List<FieldError> errors)
    {
        if (spec["defaultBackend"] is JsonObject backend)
        {
            Backend(backend, "spec.defaultBackend", errors);
        }
        else if (spec.Count("rules") == 0)
        {
            errors.Add(FieldError.Invalid("spec.rules", new JsonArray(), "either `defaultBackend` or `rules` must be specified"));
        }

        var r = 0;
        foreach (var rule in spec.Items("rules"))
        {
            var p = 0;
            foreach (var path in rule.Objects("http", "paths"))
            {
                var at = $"spec.rules[{r}].http.paths[{p++}]";
                if (path["pathType"] is null)
                {
                    errors.Add(FieldError.Required($"{at}.pathType", "pathType must be specified"));
                }
                else
                {
                    PodSpecValidator.OneOf(path, "pathType", s_pathTypes, at, errors);
                }

                if (path.Str("pathType") is "Exact" or "Prefix" && path.Str("path") is not ['/', ..])
                {
                    errors.Add(FieldError.Invalid($"{at}.path", path["path"]?.DeepClone(), "must be an absolute path"));
                }

                if (path["backend"] is JsonObject b)
                {
                    Backend(b, $"{at}.backend", errors);
                }
                else
                {
                    errors.Add(FieldError.Required($"{at}.backend"));
                }
            }

            r++;
        }
    }

    public static void EndpointSlice(JsonObject slice, List<FieldError> errors)
    {
        if (slice["addressType"] is null)
        {
            errors.Add(FieldError.Required("addressType"));
        }
        else
        {
            PodSpecValidator.OneOf(slice, "addressType", s_addressTypes, "", errors);
        }

        var i = 0;
        foreach (var endpoint in slice.Items("endpoints"))
        {
            var count = endpoint.Count("addresses");
            if (count is < 1 or > 100)
            {
                errors.Add(FieldError.Invalid($"endpoints[{i}].addresses", endpoint["addresses"]?.DeepClone(), "must contain at least 1 address and no more than 100"));
            }

            i++;
        }

        i = 0;
        foreach (var port in slice.Items("ports"))
        {
            PodSpecValidator.PortNumber(port, "port", $"ports[{i++}]", errors, allowZero: false);
        }
    }

    private static void Backend(JsonObject backend, string at, List<FieldError> errors)
    {
        if (backend["service"] is JsonObject service)
        {
            if (string.IsNullOrEmpty(service.Str("name")))
            {
                errors.Add(FieldError.Required($"{at}.service.name"));
            }

            if (service.Int("port", "number") is null && string.IsNullOrEmpty(service.Str("port", "name")))
            {
                errors.Add(FieldError.Required($"{at}.service.port", "port name or number is required"));
            }
        }
        else if (backend["resource"] is null)
        {
            errors.Add(FieldError.Invalid(at, backend.DeepClone(), "one backend must be specified"));
        }
    }
}

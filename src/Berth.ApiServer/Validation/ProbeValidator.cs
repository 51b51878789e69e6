using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Checks a container's liveness, readiness and startup probes: exactly one handler each, and a gRPC port in range (kube's validateProbe and validateHandler).</summary>
internal static class ProbeValidator
{
    private static readonly string[] s_probes = ["livenessProbe", "readinessProbe", "startupProbe"];
    private static readonly string[] s_handlers = ["exec", "httpGet", "tcpSocket", "grpc"];

    public static void Validate(JsonObject container, string at, List<FieldError> errors)
    {
        foreach (var name in s_probes)
        {
            if (container[name] is JsonObject probe)
            {
                Handler(probe, $"{at}.{name}", errors);
            }
        }
    }

    private static void Handler(JsonObject probe, string at, List<FieldError> errors)
    {
        var given = s_handlers.Where(h => probe[h] is JsonObject).ToList();
        if (given.Count == 0)
        {
            errors.Add(FieldError.Required(at, "must specify a handler type"));
            return;
        }
        foreach (var extra in given.Skip(1))
        {
            errors.Add(FieldError.Forbidden($"{at}.{extra}", "may not specify more than 1 handler type"));
        }
        if (given[0] == "grpc" && probe["grpc"] is JsonObject grpc && grpc.Int("port") is not (>= 1 and <= 65535))
        {
            // The port is a plain int32 in kube's type: a missing one is 0.
            errors.Add(FieldError.Invalid($"{at}.grpc.port", grpc["port"]?.DeepClone() ?? 0, "must be between 1 and 65535, inclusive"));
        }
    }
}

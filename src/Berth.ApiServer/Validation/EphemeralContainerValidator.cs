using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;

namespace Berth.ApiServer.Validation;

/// <summary>
/// kube's rules for ephemeral containers (validateEphemeralContainers, ValidatePodEphemeralContainersUpdate): a debug
/// container runs once beside the others, so it may not publish ports, be probed, hooked or sized; it may name a
/// container whose process namespace it joins; and once added it is neither changed nor removed.
/// </summary>
internal static class EphemeralContainerValidator
{
    private const string NotForEphemeral = "cannot be set for an Ephemeral Container";

    private static readonly string[] s_forbiddenFields =
        ["ports", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "resources", "resizePolicy", "restartPolicy"];

    /// <summary>The rules of each ephemeral container of a pod spec beyond those every container follows (<see cref="PodSpecValidator"/>).</summary>
    public static void Validate(JsonObject spec, string path, List<FieldError> errors)
    {
        var targets = spec.Items("containers").Concat(spec.Items("initContainers")).Select(c => c.Str("name")).ToHashSet(StringComparer.Ordinal);
        foreach (var (container, i) in spec.Items("ephemeralContainers").Select((c, i) => (c, i)))
        {
            var at = $"{path}.ephemeralContainers[{i}]";
            foreach (var field in s_forbiddenFields.Where(f => IsSet(container[f])))
            {
                errors.Add(FieldError.Forbidden($"{at}.{field}", NotForEphemeral));
            }
            foreach (var (mount, j) in container.Items("volumeMounts").Select((m, j) => (m, j)).Where(m => m.m.Str("subPath") is { Length: > 0 }))
            {
                errors.Add(FieldError.Forbidden($"{at}.volumeMounts[{j}].subPath", NotForEphemeral));
            }
            if (container.Str("targetContainerName") is { Length: > 0 } target && !targets.Contains(target))
            {
                errors.Add(FieldError.NotFound($"{at}.targetContainerName", target));
            }
        }
    }

    /// <summary>Set to something: an empty object (the <c>resources: {}</c> defaulting leaves) or list counts as unset, as Go's zero values do.</summary>
    private static bool IsSet(JsonNode? value) => value switch
    {
        null => false,
        JsonObject obj => obj.Count > 0,
        JsonArray list => list.Count > 0,
        _ => true,
    };

    /// <summary>A write to the ephemeralcontainers subresource only adds: each existing ephemeral container stays as it was.</summary>
    public static void ValidateUpdate(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        var updated = spec.Items("ephemeralContainers").GroupBy(c => c.Str("name") ?? "").ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var existing in oldSpec.Items("ephemeralContainers"))
        {
            var name = existing.Str("name") ?? "";
            if (!updated.TryGetValue(name, out var now))
            {
                errors.Add(FieldError.Forbidden("spec.ephemeralContainers", $"existing ephemeral containers \"{name}\" may not be removed"));
            }
            else if (!JsonValueEquality.AreEqual(existing, now))
            {
                errors.Add(FieldError.Forbidden($"spec.ephemeralContainers.{name}", $"existing ephemeral containers \"{name}\" may not be changed"));
            }
        }
    }

    /// <summary>A pod is created without ephemeral containers: they are added to a running pod through the subresource.</summary>
    public static void ValidateCreate(JsonObject spec, List<FieldError> errors)
    {
        if (spec["ephemeralContainers"] is JsonArray { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
    }
}

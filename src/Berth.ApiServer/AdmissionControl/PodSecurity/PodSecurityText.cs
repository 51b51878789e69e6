using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>The wording helpers of kube's checks and the containers they visit.</summary>
internal static class PodSecurityText
{
    /// <summary>"a", "b" (kube's joinQuote).</summary>
    public static string JoinQuote(IEnumerable<string> items) => string.Join(", ", items.Select(i => $"\"{i}\""));

    public static string Pluralize(string singular, string plural, int count) => count == 1 ? singular : plural;

    /// <summary>container "a" / containers "a", "b".</summary>
    public static string Containers(IReadOnlyCollection<string> names) => $"{Pluralize("container", "containers", names.Count)} {JoinQuote(names)}";

    /// <summary>Init containers, containers, then ephemeral containers (kube's visitContainers).</summary>
    public static IEnumerable<JsonObject> VisitContainers(JsonObject spec) =>
        spec.Objects("initContainers").Concat(spec.Objects("containers")).Concat(spec.Objects("ephemeralContainers"));

    public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static bool IsFalse(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && !flag;

    public static string Name(JsonObject container) => container.Str("name") ?? "";

    /// <summary>A pod for Windows, which the restricted checks of Linux features leave alone from v1.25.</summary>
    public static bool IsWindows(JsonObject spec, int minor) => minor >= 25 && spec.Str("os", "name") == "windows";
}

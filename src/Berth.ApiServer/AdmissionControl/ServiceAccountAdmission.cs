using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// kube's ServiceAccount admission plugin for a new pod: it runs as its ServiceAccount (default when
/// it names none), which must exist; it gets the account's imagePullSecrets when it has none; and
/// unless the pod or the account opts out (automountServiceAccountToken false) every container and
/// init container that mounts nothing at /var/run/secrets/kubernetes.io/serviceaccount gets the
/// kube-api-access-XXXXX projected volume there: a bound token, the cluster's ca.crt and the namespace.
/// Mirror pods are left as they are.
/// </summary>
public sealed class ServiceAccountAdmission(TimeProvider time) : IMutatingAdmissionPlugin
{
    public const string DefaultName = "default";
    public const string TokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string VolumePrefix = "kube-api-access-";
    public const string RootCaConfigMap = "kube-root-ca.crt";

    // kube's WarnOnlyBoundTokenExpirationSeconds: the kubelet recognises tokens of this lifetime as the automounted ones.
    private const int TokenExpirationSeconds = 3607;
    private const string MirrorPodAnnotation = "kubernetes.io/config.mirror";

    // The default account is made by a controller just after its namespace: kube looks it up ten times
    // 100-200 ms apart before refusing a pod, a named one once.
    private const int DefaultAccountAttempts = 10;

    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Resource.Group != "" || request.Resource.Name != "pods"
            || request.Target != UpdateTarget.Main || request.Object.Str("metadata", "annotations", MirrorPodAnnotation) is not null)
        {
            return;
        }
        var pod = request.Object;
        var spec = pod.Child("spec");
        if (string.IsNullOrEmpty(spec.Str("serviceAccountName")))
        {
            spec["serviceAccountName"] = DefaultName;
        }
        var accountName = spec.Str("serviceAccountName")!;
        var account = await FindAccountAsync(request, accountName, cancellationToken)
            ?? throw ApiException.Forbidden("", "pods", request.Name,
                $"error looking up service account {request.Namespace}/{accountName}: serviceaccount \"{accountName}\" not found");
        if (ShouldAutomount(account, spec))
        {
            MountToken(spec);
        }
        if (spec["imagePullSecrets"] is not JsonArray { Count: > 0 } && account["imagePullSecrets"] is JsonArray { Count: > 0 } pullSecrets)
        {
            spec["imagePullSecrets"] = new JsonArray([.. pullSecrets.OfType<JsonObject>().Select(s => (JsonNode)new JsonObject { ["name"] = s.Str("name") })]);
        }
    }

    /// <summary>The pod's own automountServiceAccountToken wins, then the account's; both unset mounts.</summary>
    public static bool ShouldAutomount(JsonObject account, JsonObject podSpec) =>
        Flag(podSpec, "automountServiceAccountToken") ?? Flag(account, "automountServiceAccountToken") ?? true;

    /// <summary>
    /// Mounts the API access volume into every container without a mount at the token path; the
    /// volume is added when one needs it, reusing a kube-api-access-* volume the pod already has.
    /// </summary>
    public static void MountToken(JsonObject podSpec)
    {
        var existing = podSpec.Items("volumes").FirstOrDefault(v => v.Str("name")?.StartsWith(VolumePrefix, StringComparison.Ordinal) == true);
        var volumeName = existing?.Str("name") ?? ObjectNames.Generate(VolumePrefix);
        var needsVolume = false;
        foreach (var container in podSpec.Items("initContainers").Concat(podSpec.Items("containers")))
        {
            if (container.Items("volumeMounts").Any(m => m.Str("mountPath") == TokenMountPath))
            {
                continue;
            }
            var mounts = container["volumeMounts"] as JsonArray ?? [];
            mounts.Add((JsonNode)new JsonObject { ["name"] = volumeName, ["readOnly"] = true, ["mountPath"] = TokenMountPath });
            container["volumeMounts"] = mounts;
            needsVolume = true;
        }
        if (existing is null && needsVolume)
        {
            var volumes = podSpec["volumes"] as JsonArray ?? [];
            volumes.Add((JsonNode)new JsonObject { ["name"] = volumeName, ["projected"] = TokenVolumeSource() });
            podSpec["volumes"] = volumes;
        }
    }

    /// <summary>kube's TokenVolumeSource: the bound token, the root CA and the pod's namespace.</summary>
    public static JsonObject TokenVolumeSource() => new()
    {
        ["sources"] = new JsonArray(
            new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = TokenExpirationSeconds, ["path"] = "token" } },
            new JsonObject
            {
                ["configMap"] = new JsonObject
                {
                    ["name"] = RootCaConfigMap,
                    ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                },
            },
            new JsonObject
            {
                ["downwardAPI"] = new JsonObject
                {
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["path"] = "namespace",
                        ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                    }),
                },
            }),
        ["defaultMode"] = 420,
    };

    private async Task<JsonObject?> FindAccountAsync(AdmissionRequest request, string name, CancellationToken cancellationToken)
    {
        var accounts = request.Objects.Resource("", "v1", "serviceaccounts");
        var attempts = name == DefaultName ? DefaultAccountAttempts : 1;
        var pause = TimeSpan.FromMilliseconds(100 + Random.Shared.Next(100));
        for (var attempt = 1; ; attempt++)
        {
            if (await request.Objects.FindAsync(accounts, request.Namespace, name, cancellationToken) is { } account)
            {
                return account;
            }
            if (attempt == attempts)
            {
                return null;
            }
            await Task.Delay(pause, time, cancellationToken);
        }
    }

    private static bool? Flag(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Allocation;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Selectors;
using Berth.ApiServer.Validation;
using Berth.Client.Selectors;

namespace Berth.ApiServer.ControlPlane;

/// <summary>
/// The `kubernetes` Service in default, as kube-apiserver's bootstrap controller and lease endpoint
/// reconciler keep it: the Service on the first address of the service CIDR, port 443 (https) to
/// the servers' port; each server renews its identity Lease in kube-system (label
/// apiserver.kubernetes.io/identity) with its advertised address, and the Endpoints and
/// EndpointSlice `kubernetes` list the addresses of the servers whose Lease was renewed lately, so
/// they follow the servers that are up.
/// </summary>
public sealed class KubernetesServiceReconciler(ResourceStore store, ServiceCidr cidr, string advertiseAddress, int port, string nodeName, TimeProvider time)
{
    public static readonly TimeSpan RenewPeriod = TimeSpan.FromSeconds(10);

    /// <summary>A server whose Lease is older than this is taken out of the endpoints (kube's master lease TTL is 15 s).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private const string AddressAnnotation = "berth.dev/advertise-address";
    private const string IdentityLabel = "apiserver.kubernetes.io/identity";

    private readonly string _leaseName = "apiserver-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(nodeName)))[..26];
    private readonly string _holder = $"{nodeName}_{Guid.NewGuid()}";

    private ResourceDefinition Resource(string group, string name) => store.Registry.Find(group, "v1", name)!;

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await RenewLeaseAsync(cancellationToken);
        await EnsureServiceAsync(cancellationToken);
        var addresses = await LiveServerAddressesAsync(cancellationToken);
        await WriteAsync(Resource("", "endpoints"), Endpoints(addresses), cancellationToken);
        await WriteAsync(Resource("discovery.k8s.io", "endpointslices"), EndpointSlice(addresses), cancellationToken);
    }

    private async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var lease = new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject
            {
                ["name"] = _leaseName,
                ["namespace"] = "kube-system",
                ["labels"] = new JsonObject { [IdentityLabel] = "kube-apiserver", ["kubernetes.io/hostname"] = nodeName },
                ["annotations"] = new JsonObject { [AddressAnnotation] = advertiseAddress },
            },
            ["spec"] = new JsonObject { ["holderIdentity"] = _holder, ["leaseDurationSeconds"] = 3600, ["renewTime"] = now },
        };
        await WriteAsync(Resource("coordination.k8s.io", "leases"), lease, cancellationToken);
    }

    private async Task EnsureServiceAsync(CancellationToken cancellationToken)
    {
        var services = Resource("", "services");
        var desired = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = cidr.AddressAt(0),
                ["sessionAffinity"] = "None",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = port }),
            },
        };
        try
        {
            await store.CreateAsync(services, "default", desired, WriteOptions.Server, cancellationToken);
        }
        catch (ApiException exists) when (exists.Code is 409 or 422)
        {
            // Made by another server (422: its claim on the address came first). Kept as the bootstrap controller does: the port follows the server's; the rest is the user's.
            await store.UpdateAsync(services, "default", "kubernetes", current =>
            {
                current["spec"]!["ports"] = desired["spec"]!["ports"]!.DeepClone();
                return current;
            }, UpdateTarget.Main, WriteOptions.Server, cancellationToken);
        }
    }

    private async Task<List<string>> LiveServerAddressesAsync(CancellationToken cancellationToken)
    {
        var selector = LabelSelector.Parse($"{IdentityLabel}=kube-apiserver");
        var leases = await store.ListAsync(Resource("coordination.k8s.io", "leases"), "kube-system", new ListRequest(selector, FieldSelector.Everything), cancellationToken);
        var now = time.GetUtcNow();
        return [.. leases.Items.Select(l => JsonNode.Parse(l.Json))
            .Where(l => l.Str("spec", "renewTime") is { } renewed && DateTimeOffset.TryParse(renewed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && now - at < Freshness)
            .Select(l => l.Str("metadata", "annotations", AddressAnnotation))
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }

    private JsonObject Endpoints(List<string> addresses) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Endpoints",
        ["metadata"] = new JsonObject
        {
            ["name"] = "kubernetes",
            ["namespace"] = "default",
            ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" },
        },
        ["subsets"] = addresses.Count == 0 ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray([.. addresses.Select(a => (JsonNode)new JsonObject { ["ip"] = a })]),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        }),
    };

    private JsonObject EndpointSlice(List<string> addresses) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = "kubernetes",
            ["namespace"] = "default",
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = "kubernetes" },
        },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray([.. addresses.Select(a => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(a),
            ["conditions"] = new JsonObject { ["ready"] = true },
        })]),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
    };

    /// <summary>Creates the object, or replaces the content of the stored one (a write only when it changed).</summary>
    private async Task WriteAsync(ResourceDefinition resource, JsonObject desired, CancellationToken cancellationToken)
    {
        var name = desired.Str("metadata", "name")!;
        var ns = desired.Str("metadata", "namespace");
        try
        {
            await store.CreateAsync(resource, ns, desired, WriteOptions.Server, cancellationToken);
        }
        catch (ApiException exists) when (exists.Code == 409)
        {
            await store.UpdateAsync(resource, ns, name, current =>
            {
                foreach (var (field, value) in desired.Where(f => f.Key is not ("metadata" or "apiVersion" or "kind")))
                {
                    current[field] = value?.DeepClone();
                }
                current["metadata"]!["labels"] = desired["metadata"]!["labels"]!.DeepClone();
                if (desired["metadata"]!["annotations"] is { } annotations)
                {
                    current["metadata"]!["annotations"] = annotations.DeepClone();
                }
                return current;
            }, UpdateTarget.Main, WriteOptions.Server, cancellationToken);
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;
using Berth.Storage;

namespace Berth.ApiServer.Allocation;

/// <summary>
/// A Service's server-allocated values (kube's service REST storage with its IP and port
/// allocators): a cluster IP from the service CIDR (the requested one, or a free one), the IPv4
/// single-stack family fields, a node port per port of a NodePort or LoadBalancer Service and a
/// health-check node port for a LoadBalancer with externalTrafficPolicy Local. Taken before the
/// Service is stored, given back if it is not, when an update drops them, and when it is deleted.
/// </summary>
public sealed class ServiceAllocations(IKeyValueStore store, ServiceCidr cidr, PortRange nodePorts) : IWriteHooks
{
    private readonly RangeAllocator _ips = new(store, "serviceips", cidr.Size, cidr.AddressAt);
    private readonly RangeAllocator _ports = new(store, "nodeports", nodePorts.Size, offset => (nodePorts.First + offset).ToString());

    public ServiceCidr Cidr => cidr;

    public RangeAllocator Ips => _ips;

    public RangeAllocator NodePorts => _ports;

    public Task<FinishWrite> BeginCreateAsync(ResourceDefinition resource, JsonObject obj, bool dryRun, CancellationToken cancellationToken) =>
        BeginAsync(resource, obj, null, dryRun, cancellationToken);

    public Task<FinishWrite> BeginUpdateAsync(ResourceDefinition resource, JsonObject obj, JsonObject old, bool dryRun, CancellationToken cancellationToken) =>
        BeginAsync(resource, obj, old, dryRun, cancellationToken);

    public async Task AfterRemoveAsync(JsonObject removed, CancellationToken cancellationToken)
    {
        var held = Held(removed);
        await ReleaseAsync(held.Ips, held.Ports, cancellationToken);
    }

    /// <summary>The cluster IPs and node ports a stored Service holds.</summary>
    public static (IReadOnlyList<string> Ips, IReadOnlyList<string> Ports) Held(JsonObject service)
    {
        var spec = service["spec"] as JsonObject ?? [];
        IReadOnlyList<string> ips = spec.Str("clusterIP") is { Length: > 0 } ip && ip != "None" ? [ip] : [];
        var ports = spec.Items("ports").Select(p => p.Int("nodePort")).Append(spec.Int("healthCheckNodePort"))
            .OfType<long>().Where(p => p > 0).Select(p => p.ToString()).Distinct().ToList();
        return (ips, ports);
    }

    public static string OwnerOf(JsonObject service) => $"{service.Str("metadata", "namespace")}/{service.Str("metadata", "name")}";

    private async Task<FinishWrite> BeginAsync(ResourceDefinition resource, JsonObject obj, JsonObject? old, bool dryRun, CancellationToken cancellationToken)
    {
        var claims = new Claims(dryRun);
        (IReadOnlyList<string> Ips, IReadOnlyList<string> Ports) oldHeld = old is null ? ([], []) : Held(old);
        try
        {
            var spec = obj["spec"] as JsonObject ?? [];
            var errors = new List<FieldError>();
            if (spec.Str("type") != "ExternalName")
            {
                await ClusterIpAsync(spec, OwnerOf(obj), oldHeld.Ips, claims, errors, cancellationToken);
            }
            await NodePortsAsync(spec, OwnerOf(obj), oldHeld.Ports, claims, errors, cancellationToken);
            Admission.ThrowIfInvalid(resource, obj, errors);
        }
        catch
        {
            await claims.GiveBackAsync(CancellationToken.None);
            throw;
        }
        var newHeld = Held(obj);
        var droppedIps = oldHeld.Ips.Except(newHeld.Ips).ToList();
        var droppedPorts = oldHeld.Ports.Except(newHeld.Ports).ToList();
        return async stored =>
        {
            if (!stored)
            {
                await claims.GiveBackAsync(CancellationToken.None);
            }
            else if (!dryRun)
            {
                await ReleaseAsync(droppedIps, droppedPorts, CancellationToken.None);
            }
        };
    }

    private async Task ClusterIpAsync(JsonObject spec, string owner, IReadOnlyList<string> oldIps, Claims claims, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var requested = spec.Str("clusterIP") is { Length: > 0 } ip ? ip : (spec["clusterIPs"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? "";
        FamilyFields(spec, errors);
        if (requested == "None")
        {
            spec["clusterIP"] = "None";
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }
        if (requested.Length > 0 && oldIps.Contains(requested))
        {
            return;
        }
        if (requested.Length > 0)
        {
            if (!IPAddress.TryParse(requested, out var address))
            {
                return; // the validator words it
            }
            var detail = cidr.OffsetOf(address) is null
                ? $"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is {cidr}"
                : await claims.TryTakeAsync(_ips, requested, owner, cancellationToken) ? null : $"failed to allocate IP {requested}: provided IP is already allocated";
            if (detail is not null)
            {
                errors.Add(FieldError.Invalid("spec.clusterIPs", new JsonArray(requested), detail));
                return;
            }
        }
        else
        {
            requested = await claims.TakeAnyAsync(_ips, owner, cancellationToken)
                ?? throw ApiException.Internal("failed to allocate a serviceIP: range is full");
        }
        spec["clusterIP"] = requested;
        spec["clusterIPs"] = new JsonArray(requested);
    }

    /// <summary>A single-stack IPv4 cluster: IPv4 is the only family, dual stack cannot be required.</summary>
    private static void FamilyFields(JsonObject spec, List<FieldError> errors)
    {
        spec.SetDefault("ipFamilyPolicy", "SingleStack");
        spec.SetDefault("ipFamilies", new JsonArray("IPv4"));
        if (spec.Str("ipFamilyPolicy") == "RequireDualStack")
        {
            errors.Add(FieldError.Invalid("spec.ipFamilyPolicy", "RequireDualStack", "this cluster is not configured for dual-stack services"));
        }
        var i = 0;
        foreach (var family in (spec["ipFamilies"] as JsonArray ?? []).Select(f => f?.GetValue<string>()))
        {
            if (family != "IPv4")
            {
                errors.Add(FieldError.Invalid($"spec.ipFamilies[{i}]", family, "not configured on this cluster"));
            }
            i++;
        }
    }

    private async Task NodePortsAsync(JsonObject spec, string owner, IReadOnlyList<string> oldPorts, Claims claims, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var type = spec.Str("type");
        var loadBalancer = type == "LoadBalancer";
        if (type != "NodePort" && !(loadBalancer && spec["allocateLoadBalancerNodePorts"]?.GetValue<bool>() != false))
        {
            return;
        }
        var kept = new HashSet<string>(oldPorts, StringComparer.Ordinal);
        var i = 0;
        foreach (var port in spec.Items("ports"))
        {
            await NodePortAsync(port, "nodePort", $"spec.ports[{i++}].nodePort", owner, kept, claims, errors, cancellationToken);
        }
        if (loadBalancer && spec.Str("externalTrafficPolicy") == "Local")
        {
            await NodePortAsync(spec, "healthCheckNodePort", "spec.healthCheckNodePort", owner, kept, claims, errors, cancellationToken);
        }
    }

    /// <summary>Claims the port named by <paramref name="field"/> of <paramref name="holder"/>, or a free one when it has none.</summary>
    private async Task NodePortAsync(
        JsonObject holder, string field, string path, string owner, HashSet<string> kept, Claims claims, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var requested = holder.Int(field) is > 0 and var number ? number.ToString() : null;
        if (requested is null)
        {
            var taken = await claims.TakeAnyAsync(_ports, owner, cancellationToken)
                ?? throw ApiException.Internal("failed to allocate a nodePort: range is full");
            holder[field] = int.Parse(taken);
            kept.Add(taken);
            return;
        }
        if (!kept.Add(requested))
        {
            return; // held already: by the old object, or by another port of this one (the same number for TCP and UDP)
        }
        var detail = !nodePorts.Contains(int.Parse(requested))
            ? $"provided port is not in the valid range. The range of valid ports is {nodePorts}"
            : await claims.TryTakeAsync(_ports, requested, owner, cancellationToken) ? null : "provided port is already allocated";
        if (detail is not null)
        {
            errors.Add(FieldError.Invalid(path, int.Parse(requested), detail));
        }
    }

    private async Task ReleaseAsync(IEnumerable<string> ips, IEnumerable<string> ports, CancellationToken cancellationToken)
    {
        foreach (var ip in ips)
        {
            await _ips.ReleaseAsync(ip, cancellationToken);
        }
        foreach (var port in ports)
        {
            await _ports.ReleaseAsync(port, cancellationToken);
        }
    }

    /// <summary>What one write took, to give back if the write does not happen; a dry run takes nothing and only checks.</summary>
    private sealed class Claims(bool dryRun)
    {
        private readonly List<(RangeAllocator Range, string Item)> _taken = [];

        public async Task<bool> TryTakeAsync(RangeAllocator range, string item, string holder, CancellationToken cancellationToken)
        {
            if (dryRun)
            {
                return !await range.IsClaimedAsync(item, cancellationToken);
            }
            if (!await range.TryClaimAsync(item, holder, cancellationToken))
            {
                return false;
            }
            _taken.Add((range, item));
            return true;
        }

        public async Task<string?> TakeAnyAsync(RangeAllocator range, string holder, CancellationToken cancellationToken)
        {
            if (dryRun)
            {
                return await range.FreeItemAsync(cancellationToken);
            }
            var item = await range.ClaimAnyAsync(holder, cancellationToken);
            if (item is not null)
            {
                _taken.Add((range, item));
            }
            return item;
        }

        public async Task GiveBackAsync(CancellationToken cancellationToken)
        {
            foreach (var (range, item) in _taken)
            {
                await range.ReleaseAsync(item, cancellationToken);
            }
            _taken.Clear();
        }
    }
}

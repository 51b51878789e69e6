using System.Collections.Concurrent;
using System.Net;
using k8s.Models;

namespace Berth.Agent.ClusterDns;

/// <summary>
/// The Services and their ready endpoints cluster DNS answers from, kept by the informers' handlers
/// (<see cref="ClusterDnsFeed"/>). Queries read it without a lock; changes are made under one.
/// </summary>
public sealed class ClusterDnsModel
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly ConcurrentDictionary<(string Namespace, string Name), DnsService> _services = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), IReadOnlyList<DnsEndpoint>> _endpoints = new();
    private readonly ConcurrentDictionary<string, int> _servicesPerNamespace = new();
    private readonly Dictionary<(string Namespace, string Slice), string> _sliceService = [];
    private readonly Dictionary<(string Namespace, string Service), Dictionary<string, List<DnsEndpoint>>> _slices = [];
    private readonly Lock _write = new();
    private long _serial;

    /// <summary>Grows with every change: the zone's SOA serial.</summary>
    public uint Serial => (uint)Interlocked.Read(ref _serial);

    public DnsService? Service(string ns, string name) => _services.GetValueOrDefault((ns, name));

    /// <summary>The ready endpoints of a Service over all its slices, each address once.</summary>
    public IReadOnlyList<DnsEndpoint> Endpoints(string ns, string service) => _endpoints.GetValueOrDefault((ns, service)) ?? [];

    /// <summary>Whether any Service lives in the namespace: <c>NS.svc.ZONE</c> is then a name that exists (with no records).</summary>
    public bool HasNamespace(string ns) => _servicesPerNamespace.GetValueOrDefault(ns) > 0;

    public IEnumerable<DnsService> Services => _services.Values;

    public IEnumerable<(DnsService Service, DnsEndpoint Endpoint)> AllEndpoints =>
        _endpoints.SelectMany(e => _services.TryGetValue(e.Key, out var service) ? e.Value.Select(ep => (service, ep)) : []);

    public void Upsert(V1Service service)
    {
        var entry = DnsService.From(service);
        lock (_write)
        {
            Interlocked.Increment(ref _serial);
            if (_services.TryGetValue((entry.Namespace, entry.Name), out _))
            {
                _services[(entry.Namespace, entry.Name)] = entry;
                return;
            }
            _services[(entry.Namespace, entry.Name)] = entry;
            _servicesPerNamespace.AddOrUpdate(entry.Namespace, 1, (_, n) => n + 1);
        }
    }

    public void Remove(V1Service service)
    {
        lock (_write)
        {
            Interlocked.Increment(ref _serial);
            if (_services.TryRemove((service.Namespace(), service.Name()), out _))
            {
                _servicesPerNamespace.AddOrUpdate(service.Namespace(), 0, (_, n) => n - 1);
            }
        }
    }

    public void Upsert(V1EndpointSlice slice)
    {
        string? service = slice.Labels() is { } labels && labels.TryGetValue(ServiceNameLabel, out var name) ? name : null;
        lock (_write)
        {
            Forget(slice.Namespace(), slice.Name());
            if (service is not null)
            {
                _sliceService[(slice.Namespace(), slice.Name())] = service;
                if (!_slices.TryGetValue((slice.Namespace(), service), out var slices))
                {
                    _slices[(slice.Namespace(), service)] = slices = [];
                }
                slices[slice.Name()] = ReadyEndpoints(slice);
                Recompute(slice.Namespace(), service);
            }
        }
    }

    public void Remove(V1EndpointSlice slice)
    {
        lock (_write)
        {
            Forget(slice.Namespace(), slice.Name());
        }
    }

    private void Forget(string ns, string slice)
    {
        if (_sliceService.Remove((ns, slice), out var service) && _slices.TryGetValue((ns, service), out var slices))
        {
            slices.Remove(slice);
            if (slices.Count == 0)
            {
                _slices.Remove((ns, service));
            }
            Recompute(ns, service);
        }
    }

    private void Recompute(string ns, string service)
    {
        Interlocked.Increment(ref _serial);
        var endpoints = _slices.TryGetValue((ns, service), out var slices)
            ? slices.Values.SelectMany(e => e).DistinctBy(e => (e.Address, e.Hostname)).ToList()
            : [];
        if (endpoints.Count == 0)
        {
            _endpoints.TryRemove((ns, service), out _);
        }
        else
        {
            _endpoints[(ns, service)] = endpoints;
        }
    }

    /// <summary>The slice's ready endpoints (a missing ready condition means ready, as the API says); FQDN slices have no addresses DNS can serve.</summary>
    private static List<DnsEndpoint> ReadyEndpoints(V1EndpointSlice slice)
    {
        if (slice.AddressType is not ("IPv4" or "IPv6"))
        {
            return [];
        }
        var ports = (slice.Ports ?? []).Where(p => p.Port is not null).Select(p => new DnsPort(p.Name, p.Protocol ?? "TCP", p.Port!.Value)).ToList();
        return [.. (slice.Endpoints ?? [])
            .Where(e => e.Conditions?.Ready != false)
            .SelectMany(e => (e.Addresses ?? []).Select(a => IPAddress.TryParse(a, out var address) ? new DnsEndpoint(address, e.Hostname, ports) : null))
            .OfType<DnsEndpoint>()];
    }
}

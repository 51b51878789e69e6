using System.Globalization;
using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Controllers.Endpoints;

/// <summary>
/// Writes a plan's EndpointSlice changes for one Service and remembers them in a
/// <see cref="SliceTracker"/>, so a sync never starts from a cache that has not seen them yet.
/// </summary>
public sealed class SliceWriter(ResourceClient<V1EndpointSlice, V1EndpointSliceList> slices)
{
    private readonly SliceTracker _tracker = new();

    /// <summary>True when the cached slices of the Service include every write made for it.</summary>
    public bool CacheCaughtUp(string service, IReadOnlyList<V1EndpointSlice> cached) =>
        _tracker.CaughtUp(service, cached.ToDictionary(s => s.Metadata.Uid, s => long.Parse(s.Metadata.ResourceVersion, CultureInfo.InvariantCulture)));

    public void Forget(string service) => _tracker.Forget(service);

    public async Task ApplyAsync(string service, EndpointSlicePlan.Changes changes, CancellationToken cancellationToken)
    {
        foreach (var slice in changes.Create)
        {
            Wrote(service, await slices.CreateAsync(slice, cancellationToken));
        }
        foreach (var slice in changes.Update)
        {
            Wrote(service, await slices.UpdateAsync(slice, cancellationToken));
        }
        await DeleteAsync(service, changes.Delete, cancellationToken);
    }

    public async Task DeleteAsync(string service, IEnumerable<V1EndpointSlice> gone, CancellationToken cancellationToken)
    {
        foreach (var slice in gone)
        {
            try
            {
                await slices.DeleteAsync(slice.Metadata.NamespaceProperty, slice.Metadata.Name, cancellationToken,
                    new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = slice.Metadata.Uid } });
                _tracker.Wrote(service, slice.Metadata.Uid, -1);
            }
            catch (ApiStatusException missing) when (missing.IsNotFound)
            {
            }
        }
    }

    private void Wrote(string service, V1EndpointSlice stored) =>
        _tracker.Wrote(service, stored.Metadata.Uid, long.Parse(stored.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
}

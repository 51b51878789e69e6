using System.Text;
using Berth.Storage;

namespace Berth.ApiServer.Allocation;

/// <summary>
/// Hands out the items of a range (cluster IPs, node ports), each at most once: an item is taken by
/// creating its key under /berth/allocations/KIND/ in the store, which fails when the key exists, so
/// concurrent writers (and several servers on one etcd) can never take the same item. The key's
/// value names the owner, for the repair that gives back leaked items.
/// </summary>
public sealed class RangeAllocator(IKeyValueStore store, string kind, int size, Func<int, string> itemAt)
{
    private readonly string _prefix = $"/berth/allocations/{kind}/";

    /// <summary>Takes <paramref name="item"/> for <paramref name="owner"/>; false when someone holds it.</summary>
    public async Task<bool> TryClaimAsync(string item, string owner, CancellationToken cancellationToken)
    {
        try
        {
            await store.CreateAsync(_prefix + item, Encoding.UTF8.GetBytes(owner), cancellationToken);
            return true;
        }
        catch (KeyExistsException)
        {
            return false;
        }
    }

    /// <summary>Takes a free item from a random point of the range on (as kube's allocator); null when the range is full.</summary>
    public async Task<string?> ClaimAnyAsync(string owner, CancellationToken cancellationToken)
    {
        var taken = await ClaimedAsync(cancellationToken);
        var start = Random.Shared.Next(size);
        for (var i = 0; i < size; i++)
        {
            var item = itemAt((start + i) % size);
            if (!taken.ContainsKey(item) && await TryClaimAsync(item, owner, cancellationToken))
            {
                return item;
            }
        }
        return null;
    }

    /// <summary>An item that is free now, taking nothing (what a dry run shows); null when the range is full.</summary>
    public async Task<string?> FreeItemAsync(CancellationToken cancellationToken)
    {
        var taken = await ClaimedAsync(cancellationToken);
        var start = Random.Shared.Next(size);
        return Enumerable.Range(0, size).Select(i => itemAt((start + i) % size)).FirstOrDefault(item => !taken.ContainsKey(item));
    }

    public async Task<bool> IsClaimedAsync(string item, CancellationToken cancellationToken) =>
        await store.GetAsync(_prefix + item, cancellationToken) is not null;

    /// <summary>Gives an item back; nothing happens when it is not held.</summary>
    public async Task ReleaseAsync(string item, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(_prefix + item, cancellationToken: cancellationToken);
        }
        catch (KeyMissingException)
        {
        }
    }

    /// <summary>Every item held, with its owner.</summary>
    public async Task<Dictionary<string, string>> ClaimedAsync(CancellationToken cancellationToken)
    {
        var listed = await store.ListAsync(_prefix, cancellationToken: cancellationToken);
        return listed.Items.ToDictionary(kv => kv.Key[_prefix.Length..], kv => Encoding.UTF8.GetString(kv.Value), StringComparer.Ordinal);
    }
}

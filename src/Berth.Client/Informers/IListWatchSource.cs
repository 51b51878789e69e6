using Berth.Client.Watch;

namespace Berth.Client.Informers;

/// <summary>What an informer reads: a consistent list with its resourceVersion, then a watch from there.</summary>
public interface IListWatchSource<T>
{
    Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken);
}

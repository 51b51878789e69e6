namespace Berth.Engine.Runtime.Oci;

/// <summary>
/// A terminal exec's window sizes from its client: the first, for the new terminal before its process starts,
/// then the rest, followed while the exec runs.
/// </summary>
public sealed class TerminalSizeFeed(IAsyncEnumerable<TerminalSize>? sizes, CancellationToken cancellationToken)
{
    private readonly IAsyncEnumerator<TerminalSize>? _sizes = sizes?.GetAsyncEnumerator(cancellationToken);

    // The pending move to the next size; null once the current one has been taken.
    private Task<bool>? _next;

    /// <summary>
    /// The latest size the client has given, waiting up to <paramref name="patience"/> for one when it has given
    /// none yet; null when none came.
    /// </summary>
    public async Task<TerminalSize?> FirstAsync(TimeSpan patience)
    {
        var given = TakeGiven();
        if (given is null && _next is { IsCompleted: false } next && patience != TimeSpan.Zero)
        {
            await Task.WhenAny(next, Task.Delay(patience, cancellationToken));
            given = TakeGiven();
        }
        return given;
    }

    /// <summary>Passes each size after the first to <paramref name="resize"/> until the feed ends or is cancelled.</summary>
    public async Task FollowAsync(Action<TerminalSize> resize)
    {
        if (_sizes is null)
        {
            return;
        }
        try
        {
            var more = await (_next ?? _sizes.MoveNextAsync().AsTask());
            while (more)
            {
                resize(_sizes.Current);
                more = await _sizes.MoveNextAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The exec ended.
        }
        finally
        {
            await _sizes.DisposeAsync();
        }
    }

    private TerminalSize? TakeGiven()
    {
        TerminalSize? given = null;
        while (_sizes is not null && (_next ??= _sizes.MoveNextAsync().AsTask()) is { IsCompletedSuccessfully: true, Result: true })
        {
            given = _sizes.Current;
            _next = null;
        }
        return given;
    }
}

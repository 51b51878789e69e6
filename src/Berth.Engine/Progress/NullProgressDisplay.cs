namespace Berth.Engine.Progress;

/// <summary>Runs work and shows nothing: for quiet verbs and callers that have no one to tell.</summary>
public sealed class NullProgressDisplay : IProgressDisplay
{
    public static NullProgressDisplay Instance { get; } = new();

    private NullProgressDisplay()
    {
    }

    public Task<T> ShowAsync<T>(Func<ITransferProgress, Task<T>> work) => work(NullTransferProgress.Instance);
}

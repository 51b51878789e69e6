namespace Berth.Client.Informers;

/// <summary>An informer of any type, as a factory starts and awaits them together.</summary>
public interface IInformer
{
    bool HasSynced { get; }

    Task RunAsync(CancellationToken cancellationToken);

    Task WaitForSyncAsync(CancellationToken cancellationToken);
}

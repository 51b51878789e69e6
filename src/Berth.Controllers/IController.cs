namespace Berth.Controllers;

/// <summary>
/// One controller of the manager. It registers its informer handlers when constructed and
/// reconciles until cancelled, once the manager's informers have synced.
/// </summary>
public interface IController
{
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}

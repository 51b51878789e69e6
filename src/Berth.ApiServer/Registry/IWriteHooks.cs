using System.Text.Json.Nodes;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Registry;

/// <summary>
/// What a kind needs done beside its own write (kube's generic store BeginCreate, BeginUpdate and
/// AfterDelete): a Service's cluster IP and node ports are claimed before the Service is stored and
/// given back when it goes. Runs after defaulting and validation.
/// </summary>
public interface IWriteHooks
{
    /// <summary>Claims what a new object needs, filling it in; the finish gives it back if the create does not happen.</summary>
    Task<FinishWrite> BeginCreateAsync(ResourceDefinition resource, JsonObject obj, bool dryRun, CancellationToken cancellationToken);

    /// <summary>Claims what an update adds; the finish gives back what the update dropped once it is stored, or what it added if it is not.</summary>
    Task<FinishWrite> BeginUpdateAsync(ResourceDefinition resource, JsonObject obj, JsonObject old, bool dryRun, CancellationToken cancellationToken);

    /// <summary>Gives back what an object held, once it is gone from the store.</summary>
    Task AfterRemoveAsync(JsonObject removed, CancellationToken cancellationToken);
}

/// <summary>Ends a write begun by <see cref="IWriteHooks"/>: whether the object was stored.</summary>
public delegate Task FinishWrite(bool stored);

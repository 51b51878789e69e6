namespace Berth.Acceptance.Agent;

/// <summary>An <see cref="AgentCluster"/> whose tests make StatefulSets, claims and volumes: those are deleted first.</summary>
public sealed class StorageCluster : AgentCluster
{
    public override async Task DisposeAsync()
    {
        try
        {
            await Kubectl.RunAsync("delete", "statefulsets,pods", "--all", "--wait=true", "--timeout=50s");
            await Kubectl.RunAsync("delete", "persistentvolumeclaims", "--all", "--wait=true", "--timeout=30s");
            await Kubectl.RunAsync("delete", "persistentvolumes", "--all", "--wait=true", "--timeout=30s");
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}

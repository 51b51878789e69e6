namespace Berth.ApiServer.Registry;

/// <summary>What happens to an object's dependents when it is deleted.</summary>
public enum PropagationPolicy
{
    Background,
    Foreground,
    Orphan,
}

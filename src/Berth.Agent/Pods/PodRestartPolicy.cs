namespace Berth.Agent.Pods;

/// <summary>Whether an exited container runs again, by the pod's restartPolicy (Always when unset, as the API defaults it).</summary>
public static class PodRestartPolicy
{
    public static bool Restarts(string? policy, int exitCode) => policy switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };
}

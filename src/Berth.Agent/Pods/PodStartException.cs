namespace Berth.Agent.Pods;

/// <summary>A container could not start; <paramref name="reason"/> is its waiting reason in kube's words (ErrImagePull, CreateContainerError…).</summary>
public sealed class PodStartException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}

using k8s.Models;

namespace Berth.Agent.Hooks;

/// <summary>
/// The message of a failed lifecycle hook, worded as kubelet's handlerRunner words it: what the
/// container's status shows (PostStartHookError) and the agent logs; events carry only
/// "PostStartHook failed"/"PreStopHook failed", as kube keeps hook output (secrets) out of events.
/// </summary>
public static class HookFailure
{
    public static string Exec(V1Pod pod, V1Container container, IReadOnlyList<string> command, int exitCode, string stderr, string output) =>
        $"Exec lifecycle hook ([{string.Join(' ', command)}]) for Container {GoText.Quote(container.Name)} in Pod {GoText.Quote(PodText(pod))} failed - " +
        $"error: command '{string.Join(' ', command)}' exited with {exitCode}: {stderr}, message: {GoText.Quote(output)}";

    public static string ExecError(V1Pod pod, V1Container container, IReadOnlyList<string> command, string error) =>
        $"Exec lifecycle hook ([{string.Join(' ', command)}]) for Container {GoText.Quote(container.Name)} in Pod {GoText.Quote(PodText(pod))} failed - error: {error}, message: \"\"";

    public static string Http(V1Pod pod, V1Container container, string? path, string error) =>
        $"HTTP lifecycle hook ({path}) for Container {GoText.Quote(container.Name)} in Pod {GoText.Quote(PodText(pod))} failed - error: {error}";

    public static string Sleep(V1Pod pod, V1Container container, long seconds) =>
        $"Sleep lifecycle hook ({seconds}) for Container {GoText.Quote(container.Name)} in Pod {GoText.Quote(PodText(pod))} failed - error: container terminated before sleep hook finished";

    public static string Invalid() => "Cannot run handler: invalid handler: no exec, httpGet or sleep action";

    /// <summary>kubelet's format.Pod: name_namespace(uid).</summary>
    public static string PodText(V1Pod pod) => $"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})";
}

using Berth.Engine.Images;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A container's process as Kubernetes defines it from the image: <c>command</c> replaces ENTRYPOINT
/// (and drops CMD), <c>args</c> replaces CMD; both may use the container's environment
/// (<see cref="ContainerEnvironment"/>) with <c>$(VAR)</c>.
/// </summary>
public static class PodCommand
{
    public static IReadOnlyList<string> Args(ImageConfig image, V1Container container, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        IReadOnlyList<string>? command = container.Command is { Count: > 0 } c ? [.. c] : null;
        IReadOnlyList<string>? args = container.Args is { Count: > 0 } a ? [.. a] : null;
        IEnumerable<string> argv = command is not null
            ? [.. command, .. args ?? []]
            : [.. image.Entrypoint ?? [], .. args ?? image.Cmd ?? []];
        var lookup = Lookup(env);
        return command is null && args is null ? [.. argv] : [.. argv.Select(s => VariableExpansion.Expand(s, lookup))];
    }

    private static Func<string, string?> Lookup(IReadOnlyList<KeyValuePair<string, string>> env) =>
        name => env.LastOrDefault(e => e.Key == name) is { Key: not null } found ? found.Value : null;
}

using Berth.Engine.Images;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A container's process as Kubernetes defines it from the image: <c>command</c> replaces ENTRYPOINT
/// (and drops CMD), <c>args</c> replaces CMD; env entries in order, each able to use the ones before
/// it with <c>$(VAR)</c>, as can command and args.
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

    /// <summary>The container's environment, expanded in order; <paramref name="valueFrom"/> resolves an entry's valueFrom.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Env(V1Container container, Func<V1EnvVar, string?> valueFrom)
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var variable in container.Env ?? [])
        {
            var value = variable.ValueFrom is not null ? valueFrom(variable) : VariableExpansion.Expand(variable.Value ?? "", Lookup(env));
            if (value is null)
            {
                continue;
            }
            env.RemoveAll(e => e.Key == variable.Name);
            env.Add(new(variable.Name, value));
        }
        return env;
    }

    private static Func<string, string?> Lookup(IReadOnlyList<KeyValuePair<string, string>> env) =>
        name => env.LastOrDefault(e => e.Key == name) is { Key: not null } found ? found.Value : null;
}

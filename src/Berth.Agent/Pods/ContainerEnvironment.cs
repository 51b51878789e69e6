using System.Text;
using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A container's environment as the kubelet makes it (makeEnvironmentVariables): envFrom's ConfigMaps and Secrets
/// (with their prefix; keys that are no variable name skipped with an event), then env in order (a value's
/// <c>$(VAR)</c> expanded from what came before and the service variables; valueFrom from the pod's fields, a
/// container's resources (<see cref="ResourceFieldRefs"/>) or a ConfigMap's or Secret's key), then the <see cref="ServiceEnvironment"/> variables nothing above set. A missing
/// object or key that is not optional stops the start with kube's CreateContainerConfigError, retried until it exists.
/// </summary>
public sealed class ContainerEnvironment(
    ResourceClient<V1ConfigMap, V1ConfigMapList> configMaps, ResourceClient<V1Secret, V1SecretList> secrets, Informer<V1Service> services,
    EventRecorder events, string hostIp, IReadOnlyDictionary<string, ResourceQuantity> allocatable, TimeProvider time)
{
    public const string ConfigError = "CreateContainerConfigError";

    /// <summary>How long a start waits for the agent's first list of Services (right after the agent starts) before it fails.</summary>
    private static readonly TimeSpan ServicesPatience = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ForAsync(V1Pod pod, V1Container container, string? podIp, CancellationToken cancellationToken)
    {
        try
        {
            await services.WaitForSyncAsync(cancellationToken).WaitAsync(ServicesPatience, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new PodStartException(ConfigError, "services have not yet been read at least once, cannot construct envvars");
        }
        var serviceVariables = ServiceEnvironment.For(pod.Spec.EnableServiceLinks != false,
            services.Cache.InNamespace(pod.Metadata.NamespaceProperty), services.Cache.Get(ServiceEnvironment.MasterNamespace, ServiceEnvironment.MasterService));
        var sources = await ReadSourcesAsync(pod.Metadata.NamespaceProperty, container, cancellationToken);
        var environment = Build(pod, container, sources, serviceVariables, path => PodFieldRefs.Resolve(pod, path, podIp, hostIp), allocatable);
        foreach (var skipped in environment.Skipped)
        {
            events.Warning(KubeResources.Pods, pod, "InvalidEnvironmentVariableNames", skipped);
        }
        return environment.Variables;
    }

    /// <summary>
    /// The environment from the objects read (<paramref name="sources"/>) and the service variables;
    /// <paramref name="fieldRef"/> resolves a downward API field path (null: not one the kubelet offers); a resource
    /// limit a container does not set is the node's <paramref name="allocatable"/>.
    /// </summary>
    public static Result Build(V1Pod pod, V1Container container, Sources sources, IReadOnlyList<KeyValuePair<string, string>> serviceVariables,
        Func<string, string?> fieldRef, IReadOnlyDictionary<string, ResourceQuantity> allocatable)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var variables = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (var from in container.EnvFrom ?? [])
        {
            if (from.ConfigMapRef is { } configMapRef)
            {
                var configMap = Required(sources.ConfigMaps, configMapRef.Name, configMapRef.Optional, "configmap");
                AddAll(variables, skipped, from.Prefix, configMap?.Data ?? new Dictionary<string, string>(), $"configMap {ns}/{configMapRef.Name}");
            }
            else if (from.SecretRef is { } secretRef)
            {
                var secret = Required(sources.Secrets, secretRef.Name, secretRef.Optional, "secret");
                AddAll(variables, skipped, from.Prefix, (secret?.Data ?? new Dictionary<string, byte[]>()).ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(d.Value)),
                    $"secret {ns}/{secretRef.Name}");
            }
        }
        string? Lookup(string name) =>
            variables.TryGetValue(name, out var value) ? value : serviceVariables.FirstOrDefault(s => s.Key == name) is { Key: not null } service ? service.Value : null;
        foreach (var variable in container.Env ?? [])
        {
            var value = !string.IsNullOrEmpty(variable.Value) ? VariableExpansion.Expand(variable.Value, Lookup)
                : variable.ValueFrom is { } valueFrom ? ValueFrom(pod, container, variable.Name, valueFrom, sources, fieldRef, allocatable)
                : "";
            // null: an optional source that is missing sets nothing.
            if (value is not null)
            {
                variables[variable.Name] = value;
            }
        }
        foreach (var (name, value) in serviceVariables)
        {
            variables.TryAdd(name, value);
        }
        return new Result([.. variables], skipped);
    }

    private static string? ValueFrom(V1Pod pod, V1Container container, string name, V1EnvVarSource source, Sources sources, Func<string, string?> fieldRef,
        IReadOnlyDictionary<string, ResourceQuantity> allocatable)
    {
        var ns = pod.Metadata.NamespaceProperty;
        if (source.FieldRef is { } field)
        {
            return fieldRef(field.FieldPath) ?? throw Unsupported(container, name);
        }
        if (source.ResourceFieldRef is { } resource)
        {
            // Another container's resources when the reference names one (validation checks the name; a stale one is an error).
            var of = string.IsNullOrEmpty(resource.ContainerName) ? container
                : PodContainerKinds.SpecOf(pod, resource.ContainerName)
                    ?? throw new PodStartException(ConfigError, $"env {name} of container {container.Name}: the pod has no container {resource.ContainerName}");
            return ResourceFieldRefs.Resolve(of, resource.Resource, resource.Divisor, allocatable);
        }
        if (source.ConfigMapKeyRef is { } configMapKey)
        {
            var data = Required(sources.ConfigMaps, configMapKey.Name, configMapKey.Optional, "configmap")?.Data;
            return Key(data, configMapKey.Key, configMapKey.Optional, $"ConfigMap {ns}/{configMapKey.Name}");
        }
        if (source.SecretKeyRef is { } secretKey)
        {
            var data = Required(sources.Secrets, secretKey.Name, secretKey.Optional, "secret")?.Data;
            var value = Key(data, secretKey.Key, secretKey.Optional, $"Secret {ns}/{secretKey.Name}");
            return value is null ? null : Encoding.UTF8.GetString(value);
        }
        throw Unsupported(container, name);
    }

    /// <summary>The object named, or null when it is missing and optional; missing and required stops the start in kube's words.</summary>
    private static T? Required<T>(IReadOnlyDictionary<string, T?> read, string name, bool? optional, string kind) where T : class =>
        read.GetValueOrDefault(name) ?? (optional == true ? null : throw new PodStartException(ConfigError, $"{kind} \"{name}\" not found"));

    private static TValue? Key<TValue>(IDictionary<string, TValue>? data, string key, bool? optional, string source) where TValue : class =>
        data is not null && data.TryGetValue(key, out var value) ? value
        : optional == true ? null
        : throw new PodStartException(ConfigError, $"couldn't find key {key} in {source}");

    private static void AddAll(OrderedDictionary<string, string> variables, List<string> skipped, string? prefix, IDictionary<string, string> data, string source)
    {
        var invalid = new List<string>();
        foreach (var (key, value) in data)
        {
            var name = prefix + key;
            if (IsVariableName(name))
            {
                variables[name] = value;
            }
            else
            {
                invalid.Add(name);
            }
        }
        if (invalid.Count > 0)
        {
            invalid.Sort(StringComparer.Ordinal);
            skipped.Add($"Keys [{string.Join(", ", invalid)}] from the EnvFrom {source} were skipped since they are considered invalid environment variable names.");
        }
    }

    /// <summary>kube's IsEnvVarName: letters, digits, '_', '-' and '.', not starting with a digit.</summary>
    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static PodStartException Unsupported(V1Container container, string name) =>
        new(ConfigError, $"env {name} of container {container.Name}: this valueFrom source is not supported yet");

    /// <summary>Reads the ConfigMaps and Secrets the container's env and envFrom name, once each; a missing one is null.</summary>
    private async Task<Sources> ReadSourcesAsync(string ns, V1Container container, CancellationToken cancellationToken)
    {
        var configMapNames = (container.EnvFrom ?? []).Select(f => f.ConfigMapRef?.Name).Concat((container.Env ?? []).Select(e => e.ValueFrom?.ConfigMapKeyRef?.Name));
        var secretNames = (container.EnvFrom ?? []).Select(f => f.SecretRef?.Name).Concat((container.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name));
        var readConfigMaps = new Dictionary<string, V1ConfigMap?>(StringComparer.Ordinal);
        foreach (var name in configMapNames.OfType<string>().Distinct())
        {
            readConfigMaps[name] = await configMaps.TryGetAsync(ns, name, cancellationToken);
        }
        var readSecrets = new Dictionary<string, V1Secret?>(StringComparer.Ordinal);
        foreach (var name in secretNames.OfType<string>().Distinct())
        {
            readSecrets[name] = await secrets.TryGetAsync(ns, name, cancellationToken);
        }
        return new Sources(readConfigMaps, readSecrets);
    }

    /// <summary>The ConfigMaps and Secrets of the pod's namespace a container names, as read for one start; null where missing.</summary>
    public sealed record Sources(IReadOnlyDictionary<string, V1ConfigMap?> ConfigMaps, IReadOnlyDictionary<string, V1Secret?> Secrets);

    /// <summary>The variables in order, and an event message for each envFrom source whose keys were skipped.</summary>
    public sealed record Result(IReadOnlyList<KeyValuePair<string, string>> Variables, IReadOnlyList<string> Skipped);
}

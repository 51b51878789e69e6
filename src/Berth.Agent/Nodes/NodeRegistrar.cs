using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Nodes;

/// <summary>
/// Registers the node as kubelet's tryRegisterWithAPIServer does: creates the Node, or takes over an
/// existing one of the same name (a restarted agent), adding the labels it is missing; retried with
/// back-off until the API answers, except when it refuses the agent's credentials.
/// </summary>
public sealed partial class NodeRegistrar(ApiClient client, NodeStatusBuilder builder, TimeProvider time, ILogger<NodeRegistrar> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(7);

    private readonly ResourceClient<V1Node, V1NodeList> _nodes = client.For(KubeResources.Nodes);

    public async Task<V1Node> RegisterAsync(Func<CancellationToken, Task<NodeStatusInputs>> inputs, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await TryRegisterAsync(await inputs(cancellationToken), cancellationToken);
            }
            // A refused credential (401/403) ends the agent with the server's words: retrying cannot help.
            catch (Exception e) when (e is ApiStatusException { Code: not (401 or 403) } or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                LogRegistrationFailed(e, backoff.TotalSeconds);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task<V1Node> TryRegisterAsync(NodeStatusInputs inputs, CancellationToken cancellationToken)
    {
        var fresh = builder.NewNode(inputs);
        V1Node node;
        try
        {
            node = await _nodes.CreateAsync(ModelCopy.Clone(fresh, ModelJsonContext.Default.V1Node), cancellationToken);
            LogRegistered(fresh.Metadata.Name);
        }
        catch (ApiStatusException exists) when (exists.IsAlreadyExists)
        {
            node = await ReconcileAsync(fresh, cancellationToken);
        }
        return await WriteStatusAsync(node.Metadata.Name, builder.Status(inputs, node.Status), cancellationToken);
    }

    /// <summary>The existing Node gains the labels this agent sets; taints, unschedulable and other labels stay.</summary>
    private async Task<V1Node> ReconcileAsync(V1Node fresh, CancellationToken cancellationToken)
    {
        while (true)
        {
            var existing = await _nodes.GetAsync(null, fresh.Metadata.Name, cancellationToken);
            var labels = existing.Metadata.Labels ?? new Dictionary<string, string>();
            var missing = fresh.Metadata.Labels.Where(l => !labels.TryGetValue(l.Key, out var v) || v != l.Value).ToList();
            if (missing.Count == 0)
            {
                return existing;
            }
            foreach (var (key, value) in missing)
            {
                labels[key] = value;
            }
            existing.Metadata.Labels = labels;
            try
            {
                return await _nodes.UpdateAsync(existing, cancellationToken);
            }
            catch (ApiStatusException conflict) when (conflict.IsConflict)
            {
            }
        }
    }

    public Task<V1Node> GetAsync(string name, CancellationToken cancellationToken) => _nodes.GetAsync(null, name, cancellationToken);

    /// <summary>Writes the whole status with a merge patch: the agent owns it, no resourceVersion is needed.</summary>
    public async Task<V1Node> WriteStatusAsync(string name, V1NodeStatus status, CancellationToken cancellationToken)
    {
        var patch = System.Text.Json.JsonSerializer.Serialize(new V1Node { Status = status }, ModelJsonContext.Default.V1Node);
        return await _nodes.PatchAsync(null, name, PatchType.Merge, patch, cancellationToken, "status");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "registered node {Node}")]
    private partial void LogRegistered(string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node registration failed; retrying in {Seconds} s")]
    private partial void LogRegistrationFailed(Exception error, double seconds);
}

using Berth.Agent;
using Berth.ApiServer.Hosting;
using Berth.Controllers;

namespace Berth.Host;

/// <summary>The settings of <c>berth server</c>.</summary>
public sealed record ServerHostOptions
{
    public required ApiServerOptions Api { get; init; }

    /// <summary>sqlite://PATH or http://host:2379[,…]; default DATA/server/state.db.</summary>
    public string? DatastoreEndpoint { get; init; }

    /// <summary>
    /// kube-apiserver's --encryption-provider-config: an EncryptionConfiguration file; without it Secrets are
    /// sealed with the aescbc key of DATA/server/cred/encryption-config.json, made on first start (k3s' default).
    /// </summary>
    public string? EncryptionProviderConfig { get; init; }

    /// <summary>Run the control plane only: no node agent in this process.</summary>
    public bool DisableAgent { get; init; }

    /// <summary>The embedded agent's settings; its node name and data directory are the server's.</summary>
    public AgentOptions Agent { get; init; } = new() { NodeName = "", DataDir = "" };

    /// <summary>Events are deleted this long after their last write (kube-apiserver's --event-ttl).</summary>
    public TimeSpan EventTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The controllers' settings (node monitor grace period…).</summary>
    public ControllerOptions Controllers { get; init; } = new();

    /// <summary>This process's candidate name in leader elections (kube: host name + "_" + a uid).</summary>
    public string Identity { get; init; } = $"{Environment.MachineName.ToLowerInvariant()}_{Guid.NewGuid()}";

    public string Endpoint => DatastoreEndpoint ?? $"sqlite://{Path.Combine(Api.ServerDir, "state.db")}";
}

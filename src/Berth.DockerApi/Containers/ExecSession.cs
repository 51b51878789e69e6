using Berth.Engine.Runtime;

namespace Berth.DockerApi.Containers;

/// <summary>An exec instance as dockerd keeps it between create, start and inspect (in memory, like dockerd's).</summary>
public sealed class ExecSession(string id, string containerId, ExecOptions options)
{
    public string Id { get; } = id;
    public string ContainerId { get; } = containerId;
    public ExecOptions Options { get; } = options;
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public bool Running { get; set; }
    public bool Started { get; set; }
    public int? ExitCode { get; set; }
}

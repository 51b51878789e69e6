using System.Threading.Channels;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Containers;

/// <summary>An exec instance as dockerd keeps it between create, start and inspect (in memory, like dockerd's).</summary>
public sealed class ExecSession(string id, string containerId, ExecOptions options)
{
    private readonly Channel<TerminalSize> _sizes = Channel.CreateUnbounded<TerminalSize>();

    public string Id { get; } = id;
    public string ContainerId { get; } = containerId;
    public ExecOptions Options { get; } = options;
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public bool Running { get; set; }
    public bool Started { get; set; }
    public int? ExitCode { get; set; }

    /// <summary>The client's window sizes for a terminal exec, as resize calls bring them (kept from before the start too).</summary>
    public IAsyncEnumerable<TerminalSize> TerminalSizes(CancellationToken cancellationToken) => _sizes.Reader.ReadAllAsync(cancellationToken);

    public void Resize(TerminalSize size) => _sizes.Writer.TryWrite(size);
}

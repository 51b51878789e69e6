namespace Berth.Agent.Streaming;

/// <summary>What the node's streaming server serves, one handler per kubelet endpoint.</summary>
public sealed record StreamingHandlers(ContainerLogHandler Logs, ExecHandler Exec, AttachHandler Attach, PortForwardHandler PortForward);

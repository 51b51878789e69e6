namespace Berth.Engine.Runtime;

/// <summary>runtime-spec §state as the runtime reports it: created, running, paused or stopped.</summary>
public sealed record RuntimeState(string Id, string Status, int Pid);

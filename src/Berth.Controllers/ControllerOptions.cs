using Berth.Controllers.NodeLifecycle;

namespace Berth.Controllers;

/// <summary>The controllers' settings that a user may change on <c>berth server</c>.</summary>
public sealed record ControllerOptions
{
    public NodeLifecycleOptions NodeLifecycle { get; init; } = new();
}

using Berth.Engine.Containers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine;

/// <summary>How to open an engine root: what <see cref="BerthEngine.Open"/> needs, with defaults that suit a host.</summary>
public sealed record EngineOptions
{
    /// <summary>The engine's state directory (the CLI's --root).</summary>
    public required string Root { get; init; }

    /// <summary>The OCI runtime new containers use: runc or crun.</summary>
    public string Runtime { get; init; } = "runc";

    /// <summary>What the shim runs when a container exits (`berth container cleanup`); none when null.</summary>
    public ContainerExitCommand? ExitCommand { get; init; }

    /// <summary>
    /// The command line of the root's name server process (<c>berth --root ROOT network nameserver</c>), started when a
    /// container joins a user network; none when null (then names are not resolved on user networks).
    /// </summary>
    public IReadOnlyList<string>? NameServerCommand { get; init; }

    /// <summary>
    /// This binary with the root (<c>berth --root ROOT</c>): the engine starts `healthcheck monitor ID` with it for a
    /// container with a health check, and the stop or restart of --health-on-failure; none when null.
    /// </summary>
    public IReadOnlyList<string>? SelfCommand { get; init; }

    /// <summary>Whether containers can join bridge networks (CNI); off for a caller that only reads images.</summary>
    public bool Networking { get; init; } = true;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

namespace Berth.Engine.Containers;

/// <summary>
/// The command conmon runs when a container exits, as Podman's exit command:
/// <c>berth --root ROOT container cleanup [--rm] ID</c>. It releases what the container holds on the host,
/// so a detached container is cleaned up without anyone waiting for it.
/// </summary>
/// <param name="Executable">The berth binary (the running one, <see cref="Environment.ProcessPath"/>).</param>
public sealed record ContainerExitCommand(string Executable, string EngineRoot)
{
    public IReadOnlyList<string> For(ContainerRecord container) =>
        [Executable, "--root", EngineRoot, "container", "cleanup", .. container.AutoRemove ? ["--rm"] : Array.Empty<string>(), container.Id];
}

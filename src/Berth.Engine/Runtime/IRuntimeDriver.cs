using Berth.Engine.Containers;
using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Runtime;

/// <summary>
/// An OCI runtime that executes bundles, after nomad's driver shape (plugins/drivers/driver.go):
/// one interface every runtime implements, the shim doing the create so the container outlives the CLI.
/// </summary>
public interface IRuntimeDriver
{
    /// <summary>runc or crun.</summary>
    string Name { get; }

    /// <summary>The runtime executable, for the shim to call.</summary>
    string BinaryPath { get; }

    /// <summary>Arguments that go before every runtime verb, e.g. its state directory.</summary>
    IReadOnlyList<string> GlobalArguments { get; }

    /// <summary>Turns a failed create's message into the error a user sees (127 for a missing command).</summary>
    BerthException CreateFailed(string runtimeMessage);

    Task StartAsync(string id, CancellationToken cancellationToken = default);

    Task SignalAsync(string id, string signal, CancellationToken cancellationToken = default);

    Task PauseAsync(string id, CancellationToken cancellationToken = default);

    Task ResumeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Changes the cgroup limits of a created, running or paused container (`runc update --resources`).</summary>
    Task UpdateAsync(string id, ResourcesSpec resources, CancellationToken cancellationToken = default);

    /// <summary>Removes the runtime's state for the container; safe when it is already gone.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The runtime's view of the container, or null when it does not know it.</summary>
    Task<RuntimeState?> InspectAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Runs a new process in a running container (whose bundle is <paramref name="bundlePath"/>) on the given streams until it ends.</summary>
    Task<ExecResult> ExecAsync(string id, string bundlePath, ExecOptions options, ExecStreams streams, CancellationToken cancellationToken = default);

    /// <summary>Creates, runs and deletes a bundle in the foreground, streaming its output; returns its exit code.</summary>
    Task<int> RunAsync(string id, string bundlePath, Stream stdout, Stream stderr, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <see cref="RunInForegroundAsync"/> can tell the runtime's own failure from the container's stderr: runc marks its
    /// errors as log lines (level=error), crun writes plain text a container could write too.
    /// </summary>
    bool TellsRunFailuresApart { get; }

    /// <summary>
    /// Runs a bundle no shim has created with the runtime's <c>run</c>, in a session of its own (a terminal's Ctrl-C reaches the
    /// container once, through the caller's signal proxy): the container's stdout and stderr are relayed to this process's (stderr
    /// without the runtime's own error lines) and appended to <paramref name="log"/>; it reads this process's stdin when
    /// <paramref name="stdin"/> (else an empty one).
    /// <paramref name="started"/> gets the runtime's pid, which passes the signals it receives on to the container. Returns the
    /// container's exit code (128+N when signal N ended it); a failure of the runtime itself throws <see cref="CreateFailed"/>'s error.
    /// The runtime deletes its state for the container when it ends.
    /// </summary>
    Task<int> RunInForegroundAsync(string id, string bundlePath, bool stdin, ContainerLogWriter log, Action<int> started, CancellationToken cancellationToken = default);
}

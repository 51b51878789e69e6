using Berth.Engine.Containers;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Shim;

namespace Berth.Cli.Commands;

/// <summary>
/// A container in the foreground (`run` without -d, `start -a`): attaches before starting so no output is
/// lost, streams until the container exits, and returns its exit code. While attached this process, not the
/// shim's exit command, removes an --rm container: it reads the exit code first.
/// </summary>
public static class ForegroundSession
{
    /// <param name="proxy">Signals already being held for the container (registered before it was created); null: a proxy of its own.</param>
    public static async Task<int> RunAsync(ContainerEngine engine, ContainerRecord container, bool attachStdin, SignalProxy? proxy, CancellationToken cancellationToken)
    {
        using var attached = engine.Store.LockAttached(container.Id);
        ContainerRecord exited;
        try
        {
            container = await engine.Lifecycle.PrepareStartAsync(container, cancellationToken);
            using var attach = await AttachSession.ConnectAsync(container.Id, cancellationToken);
            using var terminal = container.Terminal ? TerminalRawMode.Enter() : null;
            var bundle = engine.Store.PathsOf(container.Id).Directory;
            Action<int, int>? resize = container.Terminal ? (rows, columns) => ConmonShim.ResizeTerminal(bundle, rows, columns) : null;
            // Signals reach the container (Podman's --sig-proxy); it decides whether to end.
            using var ownProxy = proxy is null ? new SignalProxy(resize) : null;
            proxy ??= ownProxy!;
            if (resize is not null && TerminalRawMode.WindowSize is var (rows, columns))
            {
                resize(rows, columns);
            }
            var started = await engine.Lifecycle.StartAsync(container, cancellationToken);
            proxy.Forward(signal => engine.Lifecycle.ForwardSignal(started, signal));
            if (attachStdin)
            {
                _ = attach.CopyInputAsync(Console.OpenStandardInput(), CancellationToken.None);
            }
            using var stdout = Console.OpenStandardOutput();
            using var stderr = Console.OpenStandardError();
            await attach.CopyOutputAsync(stdout, stderr, CancellationToken.None);
            exited = await engine.Lifecycle.WaitAsync(started, CancellationToken.None);
        }
        catch when (container.AutoRemove)
        {
            await engine.Lifecycle.RemoveAsync(container, force: true, CancellationToken.None);
            throw;
        }
        if (container.AutoRemove)
        {
            await engine.Lifecycle.RemoveAsync(exited, force: true, CancellationToken.None);
        }
        else
        {
            await engine.Cleaner.ReleaseAsync(exited, CancellationToken.None);
        }
        return exited.ExitCode ?? ExitCodes.EngineError;
    }
}

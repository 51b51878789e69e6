using System.Runtime.InteropServices;
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
    public static async Task<int> RunAsync(ContainerEngine engine, ContainerRecord container, bool attachStdin, CancellationToken cancellationToken)
    {
        using var attached = engine.Store.LockAttached(container.Id);
        ContainerRecord exited;
        try
        {
            container = await engine.Lifecycle.PrepareStartAsync(container, cancellationToken);
            using var attach = await AttachSession.ConnectAsync(container.Id, cancellationToken);
            using var terminal = container.Terminal ? TerminalRawMode.Enter() : null;
            var started = await engine.Lifecycle.StartAsync(container, cancellationToken);
            // Ctrl-C is passed on to the container as SIGINT (Podman's --sig-proxy); it decides whether to end.
            using var proxy = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
            {
                signal.Cancel = true;
                engine.Lifecycle.Interrupt(started);
            });
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

using System.CommandLine;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Shim;

namespace Berth.Cli.Commands;

/// <summary>
/// `attach [--no-stdin] [--sig-proxy] [--detach-keys K] CONTAINER`: a running container's console through conmon's
/// attach socket, as Podman's; returns the container's exit code when it ends, 0 when the detach keys are typed.
/// </summary>
public static class ContainerAttachCommand
{
    public static Command Create()
    {
        var detachKeys = new Option<string>("--detach-keys") { Description = "Select the key sequence for detaching a container", DefaultValueFactory = _ => DetachKeys.Default };
        var noStdin = new Option<bool>("--no-stdin") { Description = "Do not attach STDIN" };
        var sigProxy = new Option<bool>("--sig-proxy") { Description = "Proxy received signals to the process", DefaultValueFactory = _ => true };
        var container = new Argument<string?>("CONTAINER") { Arity = ArgumentArity.ZeroOrOne };
        var latest = new LatestContainer();
        var command = new Command("attach", "Attach to a running container") { detachKeys, latest.Option, noStdin, sigProxy, container };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keys = DetachKeys.Parse(parse.GetValue(detachKeys)!);
            var engine = ContainerCommand.OpenEngine(parse);
            var record = engine.States.FindRefreshed(latest.Names(parse, parse.GetValue(container) is { } name ? [name] : []).Single());
            if (record.Status != ContainerStatus.Running)
            {
                throw new ConflictException("you can only attach to running containers");
            }
            using var attach = await AttachSession.ConnectAsync(record.Id, cancellationToken);
            using var terminal = record.Terminal && !Console.IsInputRedirected ? TerminalRawMode.Enter() : null;
            var bundle = engine.Store.PathsOf(record.Id).Directory;
            using var proxy = parse.GetValue(sigProxy) ? new SignalProxy(record.Terminal ? (rows, columns) => ConmonShim.ResizeTerminal(bundle, rows, columns) : null) : null;
            proxy?.Forward(signal => engine.Lifecycle.ForwardSignal(record, signal));
            using var input = new DetachingStream(Console.OpenStandardInput(), keys);
            if (!parse.GetValue(noStdin) && record.Interactive)
            {
                _ = attach.CopyInputAsync(input, input.Detached);
            }
            using var stdout = Console.OpenStandardOutput();
            using var stderr = Console.OpenStandardError();
            try
            {
                await attach.CopyOutputAsync(stdout, stderr, input.Detached);
            }
            catch (OperationCanceledException) when (input.Detached.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            var exited = await engine.Lifecycle.WaitAsync(record, cancellationToken);
            return exited.ExitCode ?? ExitCodes.EngineError;
        });
        return command;
    }
}

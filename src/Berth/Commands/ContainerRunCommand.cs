using System.CommandLine;
using Berth.Engine.Runtime.Shim;

namespace Berth.Cli.Commands;

/// <summary>`run [-d] [-i] [-t] [--rm] [--name] [-e] [-w] [-u] [--hostname] [-v] [-p] [--network] [--memory] [--cpus] [--pids-limit] [--security-opt] IMAGE [CMD…]`.</summary>
public static class ContainerRunCommand
{
    public static Command Create()
    {
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background and print the container ID" };
        var options = new ContainerCreateOptions();
        var run = new Command("run", "Run a command in a new container") { detach };
        options.AddTo(run);
        run.SetAction(async (parse, cancellationToken) =>
        {
            var berth = GlobalOptions.OpenEngine(parse);
            var engine = berth.Containers;
            var waitsOut = WaitsOutSignals(parse);
            // In place of System.CommandLine's handling, which BerthCli turns off for this run: a signal before the container
            // runs cancels its creation, and is passed on to it should it start anyway; one after goes to the container only.
            using var interrupts = waitsOut ? new InterruptSignals(cancellationToken) : null;
            using var proxy = waitsOut ? new SignalProxy(resizeTerminal: null) : null;
            cancellationToken = interrupts?.Token ?? cancellationToken;
            var created = await options.CreateAsync(parse, berth, cancellationToken, clientRuns: waitsOut);
            if (parse.GetValue(detach))
            {
                await engine.Lifecycle.StartAsync(created, cancellationToken);
                Console.WriteLine(created.Id);
                return ExitCodes.Success;
            }
            if (created.RunByClient)
            {
                return await engine.ForegroundRunner.RunAsync(created, started => proxy!.Forward(signal => engine.Lifecycle.ForwardSignal(started, signal)), cancellationToken);
            }
            return await ForegroundSession.RunAsync(engine, created, attachStdin: created.Interactive, proxy, cancellationToken);
        });
        return run;
    }

    /// <summary>
    /// A foreground `run --rm` without a terminal, which this process may run itself (<see cref="Engine.Containers.ContainerRecord.RunByClient"/>):
    /// it passes SIGINT and SIGTERM on to the container and waits for it to end however long that takes, then removes it; no
    /// termination timeout may end berth first and leave the container, its mount and its record behind.
    /// </summary>
    public static bool WaitsOutSignals(ParseResult parse) =>
        parse.CommandResult.Command is { Name: "run" } command
        && command.Options.Any(o => o.Name == "--rm") && command.Options.Any(o => o.Name == "--detach")
        && parse.GetValue<bool>("--rm") && !parse.GetValue<bool>("--detach") && !parse.GetValue<bool>("--tty");
}

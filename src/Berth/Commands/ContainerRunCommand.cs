using System.CommandLine;

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
            var created = await options.CreateAsync(parse, berth, cancellationToken);
            if (parse.GetValue(detach))
            {
                await engine.Lifecycle.StartAsync(created, cancellationToken);
                Console.WriteLine(created.Id);
                return ExitCodes.Success;
            }
            return await ForegroundSession.RunAsync(engine, created, attachStdin: created.Interactive, cancellationToken);
        });
        return run;
    }
}

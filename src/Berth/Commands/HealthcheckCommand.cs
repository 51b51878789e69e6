using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// `healthcheck run CONTAINER`, as Podman's: runs the container's check once; exit 0 when it passes, else prints
/// "unhealthy" and exits 1. Hidden: `healthcheck monitor ID`, the process that runs the check every interval.
/// </summary>
public static class HealthcheckCommand
{
    public static Command Create()
    {
        var healthcheck = new Command("healthcheck", "Manage health checks on containers");
        healthcheck.Subcommands.Add(CreateRun());
        healthcheck.Subcommands.Add(CreateMonitor());
        return healthcheck;
    }

    private static Command CreateRun()
    {
        var container = new Argument<string>("CONTAINER");
        var run = new Command("run", "run the health check of a container") { container };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var engine = ContainerCommand.OpenEngine(parse);
            var name = parse.GetValue(container)!;
            ContainerRecord record;
            try
            {
                record = engine.States.FindRefreshed(name);
            }
            catch (NotFoundException e)
            {
                throw new NotFoundException($"unable to look up {name} to perform a health check: {e.Message}");
            }
            var result = await engine.HealthChecker.RunAsync(record, cancellationToken);
            if (result.Passed)
            {
                return ExitCodes.Success;
            }
            Console.WriteLine("unhealthy");
            return 1;
        });
        return run;
    }

    private static Command CreateMonitor()
    {
        var id = new Argument<string>("ID") { Description = "Full container ID" };
        var monitor = new Command("monitor", "Run a container's health check every interval (started by the engine)") { Hidden = true };
        monitor.Arguments.Add(id);
        monitor.SetAction(async (parse, cancellationToken) =>
        {
            // A container removed before its monitor got here: opening the engine would bring its folder back.
            if (!Directory.Exists(Path.Combine(parse.GetValue(GlobalOptions.Root)!, "containers", parse.GetValue(id)!)))
            {
                return ExitCodes.Success;
            }
            await ContainerCommand.OpenEngine(parse).HealthMonitor.RunAsync(parse.GetValue(id)!, cancellationToken);
            return ExitCodes.Success;
        });
        return monitor;
    }
}

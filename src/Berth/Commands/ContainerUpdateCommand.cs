using System.CommandLine;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Restarts;

namespace Berth.Cli.Commands;

/// <summary>
/// `update [flags] CONTAINER…`: new cgroup limits (Podman 4.3's flags) and, as Docker's update, a new `--restart` policy for
/// each container, kept for its next starts; prints each container's id, as Podman's.
/// </summary>
public static class ContainerUpdateCommand
{
    public static Command Create()
    {
        var resources = new ResourceFlags();
        var restart = new Option<string?>("--restart") { Description = "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure[:N]\"|\"unless-stopped\")" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("update", "Update an existing container") { restart, containers };
        foreach (var option in resources.Options)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var policy = parse.GetValue(restart);
            if (policy is null && !resources.AnyGiven(parse))
            {
                throw new InvalidArgumentException("you must provide one or more flags when using this command");
            }
            var update = new ContainerUpdate(resources.ToLimits(parse), policy is null ? null : RestartPolicy.Parse(policy));
            return await ContainerCommand.ForEachAsync(parse, parse.GetValue(containers)!, async (engine, record) =>
            {
                await engine.Updater.UpdateAsync(record, update, cancellationToken);
                Console.WriteLine(record.Id);
            });
        });
        return command;
    }
}

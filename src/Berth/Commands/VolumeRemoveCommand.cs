using System.CommandLine;
using Berth.Engine.Volumes;

namespace Berth.Cli.Commands;

/// <summary>
/// `volume rm [-f] [-t SECS] [--all] VOLUME…`: prints each name removed. A volume a container uses is refused (exit 2) unless
/// -f, which removes those containers first; a missing one is exit 1 (no error with -f), as Podman's.
/// </summary>
public static class VolumeRemoveCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all", "-a") { Description = "Remove all volumes" };
        var force = new Option<bool>("--force", "-f") { Description = "Remove a volume by force, even if it is being used by a container" };
        var time = new Option<int>("--time", "-t") { Description = "Seconds to wait for running containers to stop before killing the container", DefaultValueFactory = _ => 10 };
        var command = new Command("rm", "Remove one or more volumes") { names, all, force, time };
        command.Aliases.Add("remove");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(names) ?? [];
            if (parse.GetValue(all) == (given.Length > 0))
            {
                throw new BerthException("choose either one or more volumes or all");
            }
            if (parse.GetValue(time) < 0)
            {
                throw new BerthException($"invalid --time {parse.GetValue(time)}: must not be negative");
            }
            var engine = GlobalOptions.OpenEngine(parse);
            var remover = new VolumeRemover(engine.Volumes, engine.Containers.Store);
            var status = ExitCodes.Success;
            foreach (var name in parse.GetValue(all) ? engine.Volumes.List().Select(v => v.Name) : given)
            {
                try
                {
                    if (parse.GetValue(force))
                    {
                        if (!engine.Volumes.Exists(name))
                        {
                            continue;
                        }
                        await remover.RemoveWithUsersAsync(name, engine.Containers.Lifecycle, TimeSpan.FromSeconds(parse.GetValue(time)), cancellationToken);
                    }
                    else
                    {
                        remover.Remove(name);
                    }
                    Console.WriteLine(name);
                }
                catch (InUseException)
                {
                    var users = remover.UsersOf(name).Select(c => c.Id);
                    Console.Error.WriteLine($"Error: volume {name} is being used by the following container(s): {string.Join(", ", users)}: volume is being used");
                    status = VolumeCommand.InUseExitCode;
                }
                catch (NotFoundException)
                {
                    Console.Error.WriteLine($"Error: {VolumeCommand.NotFoundMessage(name)}");
                    status = VolumeCommand.NotFoundExitCode;
                }
            }
            return status;
        });
        return command;
    }
}

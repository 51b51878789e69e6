using System.CommandLine;
using Berth.Engine.Networks;

namespace Berth.Cli.Commands;

/// <summary>`network rm NETWORK…`: prints each name removed; a network a container is on is refused (exit 2, as Podman).</summary>
public static class NetworkRemoveCommand
{
    public const int InUseExitCode = 2;

    public static Command Create()
    {
        var names = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("rm", "Remove networks") { names };
        command.Aliases.Add("remove");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var engine = GlobalOptions.OpenEngine(parse);
            var remover = new NetworkRemover(engine.Networks, engine.Containers.Store);
            var status = ExitCodes.Success;
            foreach (var name in parse.GetValue(names)!)
            {
                try
                {
                    Console.WriteLine((await remover.RemoveAsync(name, cancellationToken)).Name);
                }
                catch (InUseException)
                {
                    Console.Error.WriteLine($"Error: \"{name}\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used");
                    status = InUseExitCode;
                }
                catch (NotFoundException)
                {
                    Console.Error.WriteLine($"Error: unable to find network with name or ID {name}: network not found");
                    status = ExitCodes.EngineError;
                }
            }
            return status;
        });
        return command;
    }
}

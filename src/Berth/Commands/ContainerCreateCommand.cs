using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`create [OPTIONS] IMAGE [CMD…]`: the options of `run`; the container waits in Created for `start`.</summary>
public static class ContainerCreateCommand
{
    public static Command Create()
    {
        var options = new ContainerCreateOptions();
        var create = new Command("create", "Create a container without starting it");
        options.AddTo(create);
        create.SetAction(async (parse, cancellationToken) =>
        {
            var berth = GlobalOptions.OpenEngine(parse);
            var created = await options.CreateAsync(parse, berth, cancellationToken);
            Console.WriteLine(created.Id);
            return ExitCodes.Success;
        });
        return create;
    }
}

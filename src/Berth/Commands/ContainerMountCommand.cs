using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// `mount [CONTAINER…]`: mounts each container's root filesystem and prints where; without containers lists the
/// mounted ones ("ID  PATH"), as Podman's. `umount CONTAINER…` ends what `mount` began.
/// </summary>
public static class ContainerMountCommand
{
    public static Command Create()
    {
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate output" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("mount", "Mount a working container's root filesystem") { noTrunc, containers };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var names = parse.GetValue(containers) ?? [];
            if (names.Length == 0)
            {
                var engine = ContainerCommand.OpenEngine(parse);
                foreach (var record in engine.States.ListRefreshed().Where(engine.Files.IsMounted).OrderBy(c => c.Created))
                {
                    Console.WriteLine($"{(parse.GetValue(noTrunc) ? record.Id : record.ShortId)}  {engine.Store.PathsOf(record.Id).Rootfs}");
                }
                return ExitCodes.Success;
            }
            return await ContainerCommand.ForEachAsync(parse, names, async (engine, record) =>
                Console.WriteLine(await engine.Files.MountAsync(record, cancellationToken)));
        });
        return command;
    }

    public static Command CreateUnmount(string name, params string[] aliases)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Unmount all of the currently mounted containers" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(name, "Unmount working container's root filesystem") { all, containers };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }
        command.SetAction(async parse =>
        {
            var names = parse.GetValue(containers) ?? [];
            if (parse.GetValue(all) && names.Length > 0)
            {
                throw new InvalidArgumentException("when using the --all switch, you may not pass any containers or IDs");
            }
            if (!parse.GetValue(all) && names.Length == 0)
            {
                throw new InvalidArgumentException("container name or ID must be specified, or --all");
            }
            if (parse.GetValue(all))
            {
                var engine = ContainerCommand.OpenEngine(parse);
                names = [.. engine.States.ListRefreshed().Where(engine.Files.IsMounted).Select(c => c.Id)];
            }
            return await ContainerCommand.ForEachAsync(parse, names, (engine, record) =>
            {
                engine.Files.Unmount(record);
                Console.WriteLine(parse.GetValue(all) ? record.Id : record.Name);
                return Task.CompletedTask;
            });
        });
        return command;
    }
}

using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`image exists IMAGE`: exit 0 when a local image has that name or id, 1 when none; prints nothing.</summary>
public static class ImageExistsCommand
{
    public static Command Create() => ExistsCommand.Create("IMAGE", "Check if an image exists in local storage",
        async (parse, name, cancellationToken) => await ImageCommand.OpenStore(parse).FindAsync(name, cancellationToken) is not null);
}

using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`volume exists VOLUME`: exit 0 when it exists, 1 when not; prints nothing.</summary>
public static class VolumeExistsCommand
{
    public static Command Create() => ExistsCommand.Create("VOLUME", "Check if volume exists",
        (parse, name, _) => Task.FromResult(GlobalOptions.OpenEngine(parse).Volumes.Exists(name)));
}

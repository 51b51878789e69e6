using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`volume exists VOLUME`: exit 0 when it exists, 1 when not; prints nothing.</summary>
public static class VolumeExistsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("VOLUME");
        var command = new Command("exists", "Check if volume exists") { name };
        command.SetAction(parse => GlobalOptions.OpenEngine(parse).Volumes.Exists(parse.GetValue(name)!) ? ExitCodes.Success : ExitCodes.NotExists);
        return command;
    }
}

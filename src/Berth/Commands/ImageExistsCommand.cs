using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`image exists IMAGE`: exit 0 when a local image has that name or id, 1 when none; prints nothing.</summary>
public static class ImageExistsCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE");
        var command = new Command("exists", "Check if an image exists in local storage") { image };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await ImageCommand.OpenStore(parse).FindAsync(parse.GetValue(image)!, cancellationToken);
                return ExitCodes.Success;
            }
            catch (NotFoundException)
            {
                return ExitCodes.NotExists;
            }
        });
        return command;
    }
}

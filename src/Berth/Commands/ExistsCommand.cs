using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>The `exists` verbs of Podman: exit 0 when the object is there, 1 when it is not; they print nothing.</summary>
internal static class ExistsCommand
{
    /// <param name="find">Looks the name up; a <see cref="NotFoundException"/> or false means it is not there.</param>
    public static Command Create(string argument, string description, Func<ParseResult, string, CancellationToken, Task<bool>> find)
    {
        var name = new Argument<string>(argument);
        var command = new Command("exists", description) { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await find(parse, parse.GetValue(name)!, cancellationToken) ? ExitCodes.Success : ExitCodes.NotExists;
            }
            catch (NotFoundException)
            {
                return ExitCodes.NotExists;
            }
        });
        return command;
    }
}

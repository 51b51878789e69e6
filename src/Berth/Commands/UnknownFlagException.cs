using System.CommandLine;
using Berth.Engine;

namespace Berth.Cli.Commands;

/// <summary>An option the command does not have, worded as Podman's (and cobra's) refusal, with the help to read.</summary>
public sealed class UnknownFlagException(string problem, Command command) : BerthException($"{problem}\n{UsageHint(command)}", ExitCodes.UsageError)
{
    /// <summary>"See 'berth container ls --help'": the command's whole path.</summary>
    public static string UsageHint(Command command)
    {
        var names = new List<string>();
        // Every command up to the root, which is not named.
        for (var at = command; at.Parents.OfType<Command>().FirstOrDefault() is { } parent; at = parent)
        {
            names.Insert(0, at.Name);
        }
        return $"See 'berth {string.Join(' ', names)} --help'";
    }
}

using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`--latest, -l`: Podman's shorthand for the container created last, in place of naming containers.</summary>
public sealed class LatestContainer
{
    public Option<bool> Option { get; } = new("--latest", "-l") { Description = "Act on the latest container created" };

    /// <summary>The containers named, or with --latest the id of the one created last; neither, or both: Podman's errors.</summary>
    public string[] Names(ParseResult parse, string[]? given)
    {
        given ??= [];
        if (!parse.GetValue(Option))
        {
            return given.Length > 0 ? given : throw new InvalidArgumentException("you must provide at least one container name or id");
        }
        if (given.Length > 0)
        {
            throw new InvalidArgumentException("--latest and containers cannot be used together");
        }
        var latest = ContainerCommand.OpenEngine(parse).Store.List().MaxBy(c => c.Created)
            ?? throw new NotFoundException("no containers to select as the latest: no such container");
        return [latest.Id];
    }
}

namespace Berth.Engine.Build;

/// <summary>
/// `commit --change`: Dockerfile instructions that set the new image's config, the ones Podman accepts
/// (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR), with its error wording.
/// </summary>
public static class CommitChanges
{
    private static readonly HashSet<string> Allowed = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"];

    /// <summary>Parses every change before anything is committed; the first bad one is the error.</summary>
    public static IReadOnlyList<ContainerfileInstruction> Parse(IEnumerable<string> changes) => [.. changes.Select(ParseOne)];

    private static ContainerfileInstruction ParseOne(string change)
    {
        var keyword = change.Trim().Split((char[])[' ', '\t', '='], 2)[0];
        if (!Allowed.Contains(keyword.ToUpperInvariant()))
        {
            throw new InvalidArgumentException($"invalid change \"{change}\" - invalid instruction {keyword}");
        }
        try
        {
            return ContainerfileParser.ParseLine(change, "--change");
        }
        catch (ContainerfileException ex)
        {
            throw new InvalidArgumentException($"invalid change \"{change}\" - {ex.Reason}");
        }
    }

    /// <summary>Applies the changes to <paramref name="state"/>; WORKDIR sets the directory only (a commit adds no layer for it).</summary>
    internal static void Apply(IEnumerable<ContainerfileInstruction> changes, BuildState state)
    {
        foreach (var change in changes)
        {
            if (change.Keyword == "WORKDIR")
            {
                var path = VariableExpander.Expand(change.Arguments, state.Variables());
                state.WorkingDir = path.StartsWith('/') ? path : $"{state.WorkingDir?.TrimEnd('/') ?? ""}/{path}";
                continue;
            }
            ConfigInstructions.Apply(change, state);
        }
    }
}

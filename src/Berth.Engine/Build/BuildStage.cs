namespace Berth.Engine.Build;

/// <summary>One stage of a Containerfile: its FROM (with the optional AS name) and the instructions up to the next FROM.</summary>
public sealed record BuildStage(int Index, string? Name, ContainerfileInstruction From, IReadOnlyList<ContainerfileInstruction> Body)
{
    /// <summary>The FROM image as written (before ARG expansion).</summary>
    public string BaseReference => From.Arguments.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0];
}

namespace Berth.Engine.Build;

/// <summary>
/// One instruction of a Containerfile: its keyword (upper case), the line it starts on, its --flags,
/// and its arguments both raw and, when written as a JSON array, in exec form.
/// </summary>
public sealed record ContainerfileInstruction(
    string Keyword,
    int Line,
    IReadOnlyDictionary<string, string> Flags,
    string Arguments,
    IReadOnlyList<string>? ExecForm)
{
    /// <summary>The instruction as the user wrote it, for progress lines and history.</summary>
    public string Text => $"{Keyword} {string.Join(' ', Flags.Select(f => $"--{f.Key}={f.Value}"))}{(Flags.Count > 0 ? " " : "")}{Arguments}";
}

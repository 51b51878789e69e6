namespace Berth.Engine.Build;

/// <summary>A Containerfile error, its message prefixed with file and line ("Containerfile:3: …").</summary>
public sealed class ContainerfileException(string file, int line, string message)
    : BerthException($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    /// <summary>What is wrong, without the file and line.</summary>
    public string Reason { get; } = message;
}

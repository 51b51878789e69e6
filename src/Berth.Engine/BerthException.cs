namespace Berth;

/// <summary>A failure the user can act on; its message is printed as one line, as is.</summary>
public class BerthException(string message, int exitCode = 125, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}

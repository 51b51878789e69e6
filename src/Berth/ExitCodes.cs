namespace Berth.Cli;

/// <summary>Exit codes as Podman uses them, so scripts written for it keep working.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>`exists` verbs: the object is not there.</summary>
    public const int NotExists = 1;
    public const int UsageError = 125;
    public const int EngineError = 125;
    public const int CannotInvoke = 126;
    public const int NotFound = 127;
    public const int Interrupted = 130;
}

namespace Berth;

/// <summary>The request itself is malformed: a bad port mapping, name, reference or option value. Docker's 400.</summary>
public sealed class InvalidArgumentException(string message, int exitCode = 125) : BerthException(message, exitCode);

namespace Berth;

/// <summary>The object cannot go while something uses it: an image with containers, a volume mounted, a network with endpoints. Docker's 409.</summary>
public sealed class InUseException(string message, int exitCode = 125) : BerthException(message, exitCode);

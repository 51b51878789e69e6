namespace Berth;

/// <summary>The named object (container, image, network, volume, exec session) does not exist: Docker's 404.</summary>
public sealed class NotFoundException(string message, int exitCode = 125) : BerthException(message, exitCode);

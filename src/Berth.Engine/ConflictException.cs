namespace Berth;

/// <summary>
/// The request contradicts the object's state: a name already taken, a container that is not running for
/// an exec or running for a plain rm. Docker's 409.
/// </summary>
public sealed class ConflictException(string message, int exitCode = 125) : BerthException(message, exitCode);

namespace Berth.Host;

/// <summary>The server cannot start for a reason the user can fix (a port in use, a bad datastore); the message says which.</summary>
public sealed class HostStartException(string message, Exception inner) : Exception(message, inner);

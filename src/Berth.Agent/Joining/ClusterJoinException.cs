namespace Berth.Agent.Joining;

/// <summary>The agent cannot join the cluster: the server is unreachable or not the one the token names.</summary>
public sealed class ClusterJoinException(string message, Exception? inner = null) : Exception(message, inner);

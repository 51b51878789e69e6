namespace Berth.Agent;

/// <summary>The agent cannot start on this machine (its streaming port is taken…): one line for the operator.</summary>
public sealed class AgentStartException(string message, Exception inner) : Exception(message, inner);

namespace Berth.Agent.Volumes;

/// <summary>One file of an API data volume: its content and permission bits.</summary>
public sealed record FileProjection(byte[] Data, int Mode);

namespace Berth.ApiServer.Authentication;

/// <summary>The object a ServiceAccount token is bound to (a Pod, Secret or Node): the token dies with it.</summary>
public sealed record BoundObject(string Kind, string Name, string Uid);

namespace Berth.Controllers.Disruption;

/// <summary>The controller of some budgeted pods (by uid) and the replicas it wants.</summary>
public sealed record ControllerScale(string Uid, int Replicas);

namespace Berth.Engine.Runtime.Spec;

/// <summary>config-linux §blockIO: the relative weight, 10 to 1000.</summary>
public sealed record BlockIoSpec(ushort Weight);

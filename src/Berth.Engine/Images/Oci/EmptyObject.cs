namespace Berth.Engine.Images.Oci;

/// <summary>The "{}" values of the set-like maps in an image config (ExposedPorts, Volumes).</summary>
public sealed record EmptyObject;

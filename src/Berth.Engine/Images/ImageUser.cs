namespace Berth.Engine.Images;

/// <summary>A container and the id ("sha256:…") of the image it was created from.</summary>
public sealed record ImageUser(string ContainerId, string ContainerName, string ImageId);

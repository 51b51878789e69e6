namespace Berth.Engine.Images;

/// <summary>
/// What the runtime needs of an image to start a container from it: its id, its OCI config and its
/// unpacked layers as directories, lowest first (overlayfs lowerdir order reversed).
/// </summary>
public sealed record ResolvedImage(string Id, string Reference, ImageConfig Config, IReadOnlyList<string> LayerDirectories);

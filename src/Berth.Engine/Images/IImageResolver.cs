namespace Berth.Engine.Images;

/// <summary>Finds a local image by name, short id or digest, unpacked and ready for a container.</summary>
public interface IImageResolver
{
    /// <summary>Throws <see cref="BerthException"/> when no local image matches.</summary>
    Task<ResolvedImage> ResolveAsync(string reference, CancellationToken cancellationToken = default);
}

namespace Berth.Engine.Images;

/// <summary>Which containers use which images, so `image rm` can refuse and garbage collection can spare their layers.</summary>
public interface IImageUsage
{
    Task<IReadOnlyList<ImageUser>> ListAsync(CancellationToken cancellationToken = default);
}

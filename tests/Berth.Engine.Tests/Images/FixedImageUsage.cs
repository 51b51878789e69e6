using Berth.Engine.Images;

namespace Berth.Engine.Tests.Images;

/// <summary>A hand-written <see cref="IImageUsage"/> whose containers the test names.</summary>
internal sealed class FixedImageUsage(params ImageUser[] users) : IImageUsage
{
    public Task<IReadOnlyList<ImageUser>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ImageUser>>(users);
}

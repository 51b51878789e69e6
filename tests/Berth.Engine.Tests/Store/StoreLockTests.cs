using Berth.Engine.Store;

namespace Berth.Engine.Tests.Store;

public sealed class StoreLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-lock-");

    [Fact]
    public async Task AcquireAsync_WhileHeld_WaitsUntilReleased()
    {
        var path = Path.Combine(_dir.FullName, "lock");
        var first = await StoreLock.AcquireAsync(path, CancellationToken.None);

        var second = StoreLock.AcquireAsync(path, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_Throws()
    {
        var path = Path.Combine(_dir.FullName, "lock");
        using var held = await StoreLock.AcquireAsync(path, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StoreLock.AcquireAsync(path, cts.Token));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}

using Berth.Engine.Store;

namespace Berth.Engine.Tests.Store;

public sealed class FileLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-lock-");

    [Fact]
    public async Task AcquireAsync_WhileHeld_WaitsUntilReleased()
    {
        var path = Path.Combine(_dir.FullName, "lock");
        var first = await FileLock.AcquireAsync(path, CancellationToken.None);

        var second = FileLock.AcquireAsync(path, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_Throws()
    {
        var path = Path.Combine(_dir.FullName, "lock");
        using var held = await FileLock.AcquireAsync(path, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileLock.AcquireAsync(path, cts.Token));
    }

    [Fact]
    public async Task Acquire_WhileHeld_BlocksUntilReleased()
    {
        var path = Path.Combine(_dir.FullName, "lock");
        var first = await FileLock.AcquireAsync(path, CancellationToken.None);

        var second = Task.Run(() => FileLock.Acquire(path));
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task TryAcquire_WhileHeld_ReturnsNullThenLockOnceReleased()
    {
        var path = Path.Combine(_dir.FullName, "lock");
        var first = await FileLock.AcquireAsync(path, CancellationToken.None);

        Assert.Null(FileLock.TryAcquire(path));
        first.Dispose();
        using var second = FileLock.TryAcquire(path);

        Assert.NotNull(second);
    }

    [Fact]
    public void Acquire_FolderGone_ThrowsWithoutCreatingIt()
    {
        var folder = Path.Combine(_dir.FullName, "removed-container");

        Assert.ThrowsAny<IOException>(() => FileLock.Acquire(Path.Combine(folder, "lock")));
        Assert.False(Directory.Exists(folder));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}

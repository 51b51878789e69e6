namespace Berth.Engine.Network;

/// <summary>An exclusive flock on ROOT/cni/network.lock, held across one attach or detach by any berth process.</summary>
internal static class NetworkLock
{
    // On Unix the IOException of a refused flock carries the errno, EWOULDBLOCK, as its HResult.
    private const int EWouldBlock = 11;

    public static async Task<IDisposable> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (e.HResult == EWouldBlock)
            {
                await Task.Delay(5, cancellationToken);
            }
        }
    }
}

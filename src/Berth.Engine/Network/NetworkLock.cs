namespace Berth.Engine.Network;

/// <summary>An exclusive flock on ROOT/cni/network.lock, held across one attach or detach by any berth process.</summary>
internal static class NetworkLock
{
    private const int SharingViolation = unchecked((int)0x80070020);

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
            catch (IOException e) when (e.HResult == SharingViolation)
            {
                await Task.Delay(5, cancellationToken);
            }
        }
    }
}

namespace Berth.Engine.Linux;

/// <summary>
/// Runs work that moves its thread into another namespace (setns and unshare act on the calling
/// thread only) on a thread of its own, which ends afterwards: a pooled thread must never be left elsewhere.
/// </summary>
internal static class NamespaceThread
{
    public static Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "berth-netns" };
        thread.Start();
        return done.Task;
    }
}

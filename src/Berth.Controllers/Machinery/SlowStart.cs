namespace Berth.Controllers.Machinery;

/// <summary>
/// Runs <c>count</c> calls in batches of 1, 2, 4, … (kube's slowStartBatch): a systematic failure
/// (a quota, a bad template) costs one call, not hundreds. Stops after the first batch with a failure.
/// </summary>
public static class SlowStart
{
    public const int InitialBatch = 1;

    /// <summary>Returns how many calls succeeded and the first failure, if any.</summary>
    public static async Task<(int Succeeded, Exception? Failure)> RunAsync(int count, Func<Task> call)
    {
        var succeeded = 0;
        for (var batch = Math.Min(InitialBatch, count); batch > 0; batch = Math.Min(batch * 2, count - succeeded))
        {
            var tasks = Enumerable.Range(0, batch).Select(_ => call()).ToList();
            try
            {
                await Task.WhenAll(tasks);
            }
            catch
            {
                var failure = tasks.First(t => t.IsFaulted).Exception!.InnerException!;
                return (succeeded + tasks.Count(t => t.IsCompletedSuccessfully), failure);
            }
            succeeded += batch;
        }
        return (succeeded, null);
    }
}

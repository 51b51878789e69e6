namespace Berth.Testing;

/// <summary>Waits for a condition the system reaches eventually (a controller converging), failing with what it was waiting for.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {timeout.TotalSeconds:0} s: {describe()}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Polls a value until it satisfies the predicate; returns it. A read that satisfies it is the last (reads may act, e.g. a create).</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var value = await read();
        if (done(value))
        {
            return value;
        }
        await UntilAsync(async () => done(value = await read()), timeout, () => $"{what}; last seen: {value}");
        return value;
    }
}

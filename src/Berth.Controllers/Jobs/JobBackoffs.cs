namespace Berth.Controllers.Jobs;

/// <summary>
/// The failure back-off of every Job this process has seen pods fail for (kube's backoffStore).
/// It lives in memory, as in kube: a new leadership term starts without back-off.
/// </summary>
internal sealed class JobBackoffs
{
    private readonly Dictionary<string, FailureBackoff> _records = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public FailureBackoff Get(string jobKey)
    {
        lock (_lock)
        {
            return _records.GetValueOrDefault(jobKey) ?? FailureBackoff.None;
        }
    }

    public void Set(string jobKey, FailureBackoff record)
    {
        lock (_lock)
        {
            _records[jobKey] = record;
        }
    }

    public void Remove(string jobKey)
    {
        lock (_lock)
        {
            _records.Remove(jobKey);
        }
    }
}

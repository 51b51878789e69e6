namespace Berth.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// The two topology domains with the fewest matching pods (podtopologyspread's criticalPaths):
/// the first always holds the minimum, which is all the filter needs, and two entries are enough
/// to stay right when preemption's what-if moves one pod in or out of one domain.
/// </summary>
internal sealed class CriticalPaths
{
    private (string Value, int Count) _first = ("", int.MaxValue);
    private (string Value, int Count) _second = ("", int.MaxValue);

    public int MinCount => _first.Count;

    public void Update(string value, int count)
    {
        if (value == _first.Value || value == _second.Value)
        {
            if (value == _first.Value)
            {
                _first.Count = count;
            }
            else
            {
                _second.Count = count;
            }
            if (_first.Count > _second.Count)
            {
                (_first, _second) = (_second, _first);
            }
        }
        else if (count < _first.Count)
        {
            _second = _first;
            _first = (value, count);
        }
        else if (count < _second.Count)
        {
            _second = (value, count);
        }
    }

    public CriticalPaths Clone() => new() { _first = _first, _second = _second };
}

using System.Globalization;
using System.Text;

namespace Berth.ApiServer.Validation;

/// <summary>
/// The path of the field a schema walk is at (<c>spec.containers[0].ports</c>), kept as segments
/// pushed and popped on the way and written out only when a message names it: a walk over an
/// object that is fine builds no strings.
/// </summary>
internal sealed class FieldPath
{
    private readonly List<(string? Name, int Index)> _segments = [];

    /// <summary>A member of an object: <c>.name</c> (no dot at the start).</summary>
    public void Push(string name) => _segments.Add((name, 0));

    /// <summary>An entry of a map, written <c>.key</c> as Kubernetes prints it (even at the start).</summary>
    public void PushKey(string key) => _segments.Add((key, -1));

    /// <summary>An item of a list: <c>[i]</c>.</summary>
    public void PushIndex(int index) => _segments.Add((null, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public bool IsEmpty => _segments.Count == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, index) in _segments)
        {
            _ = (name, index) switch
            {
                (null, _) => text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']'),
                (_, -1) => text.Append('.').Append(name),
                _ => text.Append(text.Length == 0 ? "" : ".").Append(name),
            };
        }
        return text.ToString();
    }
}

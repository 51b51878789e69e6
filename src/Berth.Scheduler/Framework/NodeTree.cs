using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>
/// The order nodes are examined in (kube-scheduler's nodeTree): nodes grouped by zone (region and
/// zone labels), zones in the order they appeared, the list taking one node of each zone in turn,
/// so sampling a fraction of a large cluster still spreads over zones.
/// </summary>
internal sealed class NodeTree
{
    private readonly Dictionary<string, List<string>> _zones = new(StringComparer.Ordinal);
    private readonly List<string> _zoneOrder = [];
    private readonly Dictionary<string, string> _zoneOfNode = new(StringComparer.Ordinal);

    public int Count => _zoneOfNode.Count;

    public static string ZoneKey(V1Node node)
    {
        var labels = node.Metadata.Labels;
        if (labels is null)
        {
            return "";
        }
        var zone = labels.TryGetValue("topology.kubernetes.io/zone", out var z) ? z : labels.TryGetValue("failure-domain.beta.kubernetes.io/zone", out z) ? z : "";
        var region = labels.TryGetValue("topology.kubernetes.io/region", out var r) ? r : labels.TryGetValue("failure-domain.beta.kubernetes.io/region", out r) ? r : "";
        return region.Length == 0 && zone.Length == 0 ? "" : $"{region}:\0:{zone}";
    }

    /// <summary>Adds the node, or moves it when its zone changed; true when the order changed.</summary>
    public bool Upsert(V1Node node)
    {
        var name = node.Metadata.Name;
        var zone = ZoneKey(node);
        if (_zoneOfNode.TryGetValue(name, out var current))
        {
            if (current == zone)
            {
                return false;
            }
            Remove(name);
        }
        if (!_zones.TryGetValue(zone, out var nodes))
        {
            _zones[zone] = nodes = [];
            _zoneOrder.Add(zone);
        }
        nodes.Add(name);
        _zoneOfNode[name] = zone;
        return true;
    }

    public bool Remove(string name)
    {
        if (!_zoneOfNode.Remove(name, out var zone))
        {
            return false;
        }
        var nodes = _zones[zone];
        nodes.Remove(name);
        if (nodes.Count == 0)
        {
            _zones.Remove(zone);
            _zoneOrder.Remove(zone);
        }
        return true;
    }

    /// <summary>Node names, one from each zone in turn.</summary>
    public List<string> List()
    {
        var list = new List<string>(Count);
        for (var index = 0; list.Count < Count; index++)
        {
            foreach (var zone in _zoneOrder)
            {
                var nodes = _zones[zone];
                if (index < nodes.Count)
                {
                    list.Add(nodes[index]);
                }
            }
        }
        return list;
    }
}

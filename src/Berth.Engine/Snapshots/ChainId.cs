using System.Text;
using Berth.Engine.Store;

namespace Berth.Engine.Snapshots;

/// <summary>
/// Names a stack of layers (OCI image-spec §config "Layer ChainID"): the first layer's chain id is its
/// diff id, each next one sha256(parent chain id + " " + diff id). Snapshots are stored by chain id.
/// </summary>
public static class ChainId
{
    public static Digest Next(Digest? parent, Digest diffId) =>
        parent is { } p ? Digest.Of(Encoding.ASCII.GetBytes($"{p} {diffId}")) : diffId;

    /// <summary>The chain id of every prefix of <paramref name="diffIds"/>, lowest first.</summary>
    public static IReadOnlyList<Digest> All(IEnumerable<Digest> diffIds)
    {
        var result = new List<Digest>();
        Digest? parent = null;
        foreach (var diffId in diffIds)
        {
            parent = Next(parent, diffId);
            result.Add(parent.Value);
        }
        return result;
    }
}

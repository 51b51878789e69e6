using System.Globalization;
using System.Text;
using System.Text.Json;
using Berth.Controllers.Machinery;

namespace Berth.Controllers.History;

/// <summary>
/// The hash that names a StatefulSet's ControllerRevision (kube's history.HashControllerRevision):
/// FNV-32 (not 32a) over the revision's data, then the collision count in decimal when given,
/// written in the safe alphabet.
/// </summary>
public static class RevisionHash
{
    public static string Compute(JsonElement data, int? collisionCount)
    {
        var hash = 2166136261u;
        var text = data.GetRawText() + (collisionCount is { } count ? count.ToString(CultureInfo.InvariantCulture) : "");
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash * 16777619u) ^ b;
        }
        return SafeEncoding.Encode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>parent-hash, the parent's name cut to 223 characters so the whole fits 253 (kube's ControllerRevisionName).</summary>
    public static string Name(string parent, string hash) => $"{(parent.Length > 223 ? parent[..223] : parent)}-{hash}";
}

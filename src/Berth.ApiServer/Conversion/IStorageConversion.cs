using System.Text.Json.Nodes;

namespace Berth.ApiServer.Conversion;

/// <summary>
/// A resource that is a view of another resource's storage: objects are converted on their way in
/// and out, so both APIs see the same objects (as Kubernetes serves one storage through several
/// group versions).
/// </summary>
public interface IStorageConversion
{
    /// <summary>The storage prefix of the resource whose objects this one shows (/registry/core/events/).</summary>
    string StoragePrefix { get; }

    /// <summary>The stored form (a new object; <paramref name="obj"/> is left unchanged).</summary>
    JsonObject ToStorage(JsonObject obj);

    /// <summary>This resource's form of a stored object (a new object).</summary>
    JsonObject FromStorage(JsonObject stored);
}

using System.Text;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Conversion;

/// <summary>Cached JSON (the stored form) as a resource serves it: unchanged, or converted for a view resource.</summary>
public static class StoredJson
{
    public static byte[] As(ResourceDefinition resource, byte[] storedJson) =>
        resource.Conversion is { } conversion
            ? Encoding.UTF8.GetBytes(conversion.FromStorage(ObjectCodec.ParseObject(storedJson)).ToJsonString())
            : storedJson;
}

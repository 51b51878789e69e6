namespace Berth.Engine.Registry;

/// <summary>A blob's body as the registry sends it, starting at byte <see cref="Offset"/> of the blob.</summary>
public sealed class BlobResponse(HttpResponseMessage response, Stream body, long offset) : IDisposable
{
    public Stream Body { get; } = body;

    public long Offset { get; } = offset;

    public void Dispose()
    {
        Body.Dispose();
        response.Dispose();
    }
}

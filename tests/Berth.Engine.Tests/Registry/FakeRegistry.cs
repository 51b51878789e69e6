using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;
using Berth.Engine.Tests.Snapshots;
using Berth.Testing;

namespace Berth.Engine.Tests.Registry;

/// <summary>
/// A small distribution-spec server on 127.0.0.1 for unit tests of the client's edges: faults a real
/// registry never produces on demand (wrong bytes, cut transfers), bearer challenges, and a log of
/// every request. The real docker-registry is what the acceptance tests check against.
/// </summary>
internal sealed class FakeRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string MediaType)> _manifests = new();
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new();
    private readonly ConcurrentDictionary<string, byte> _links = new();
    private readonly ConcurrentDictionary<string, (string Repository, MemoryStream Data)> _uploads = new();
    private readonly LoopbackHttpServer _server;
    private readonly CancellationTokenSource _stopping = new();

    public FakeRegistry() => _server = new LoopbackHttpServer(HandleAsync);

    public int Port => _server.Port;

    public string Domain => $"127.0.0.1:{Port}";

    /// <summary>"METHOD path?query" of every request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Content-Range headers of PATCH requests.</summary>
    public ConcurrentQueue<string> ContentRanges { get; } = new();

    /// <summary>Blobs served with other bytes of the same length.</summary>
    public HashSet<Digest> Corrupted { get; } = [];

    /// <summary>Blobs whose next GET is cut after half the body.</summary>
    public HashSet<Digest> TruncateOnce { get; } = [];

    private readonly ConcurrentQueue<(Digest Blob, string Range)> _ranges = new();

    /// <summary>When set, blob GETs answer 200 with the whole blob whatever Range asks (allowed by HTTP).</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Blobs whose GET sends half the body, then hangs until the fake is disposed.</summary>
    public HashSet<Digest> Stall { get; } = [];

    /// <summary>Repositories every request to is answered 403 DENIED.</summary>
    public HashSet<string> Forbidden { get; } = [];

    /// <summary>When set, every /v2/ request wants "Bearer TOKEN", fetched from /token.</summary>
    public string? BearerToken { get; set; }

    public bool HasBlob(Digest digest) => _blobs.ContainsKey(digest.ToString());

    public byte[] Blob(Digest digest) => _blobs[digest.ToString()];

    /// <summary>The Range header of every GET of <paramref name="blob"/> ("" for none), in order.</summary>
    public List<string> BlobRanges(Digest blob) => _ranges.Where(r => r.Blob == blob).Select(r => r.Range).ToList();

    public int CountRequests(string fragment) => Requests.Count(r => r.Contains(fragment, StringComparison.Ordinal));

    public void PutManifest(string repository, string reference, byte[] bytes, string mediaType) =>
        _manifests[$"{repository}/{reference}"] = (bytes, mediaType);

    public Digest PutBlob(byte[] bytes)
    {
        var digest = Digest.Of(bytes);
        _blobs[digest.ToString()] = bytes;
        return digest;
    }

    /// <summary>Makes a stored blob part of a repository (the registry's per-repository blob links).</summary>
    public Digest Link(string repository, Digest digest)
    {
        _links[$"{repository}@{digest}"] = 0;
        return digest;
    }

    /// <summary>Stores an image with one gzip layer per file content; returns its manifest's digest and its layer digests.</summary>
    public (Digest Manifest, IReadOnlyList<Digest> Layers) AddImage(string repository, string tag, string architecture, params string[] files)
    {
        var layers = new List<OciDescriptor>();
        var diffIds = new List<string>();
        for (var i = 0; i < files.Length; i++)
        {
            var tar = new LayerTar().File($"file{i}", files[i]).ToArray();
            diffIds.Add(Digest.Of(tar).ToString());
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(tar);
            }
            var blob = compressed.ToArray();
            layers.Add(new OciDescriptor { MediaType = MediaTypes.DockerLayerGzip, Digest = Link(repository, PutBlob(blob)).ToString(), Size = blob.Length });
        }
        var config = JsonSerializer.SerializeToUtf8Bytes(new OciImage { Architecture = architecture, RootFs = new OciRootFs { DiffIds = diffIds } }, OciJson.Default.OciImage);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new OciManifest
        {
            MediaType = MediaTypes.DockerManifest,
            Config = new OciDescriptor { MediaType = MediaTypes.DockerConfig, Digest = Link(repository, PutBlob(config)).ToString(), Size = config.Length },
            Layers = layers,
        }, OciJson.Default.OciManifest);
        var digest = Digest.Of(manifest);
        PutManifest(repository, tag, manifest, MediaTypes.DockerManifest);
        PutManifest(repository, digest.ToString(), manifest, MediaTypes.DockerManifest);
        return (digest, layers.Select(l => Digest.Parse(l.Digest)).ToList());
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _server.Dispose();
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue($"{request.HttpMethod} {request.Url.PathAndQuery}");
        try
        {
            if (path == "/token")
            {
                await WriteAsync(response, 200, Encoding.UTF8.GetBytes($"{{\"token\":\"{BearerToken}\"}}"), "application/json");
                return;
            }
            if (BearerToken is not null && request.Headers["Authorization"] != $"Bearer {BearerToken}")
            {
                response.AddHeader("WWW-Authenticate", $"Bearer realm=\"http://{Domain}/token\",service=\"fake\"");
                await WriteAsync(response, 401, Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"), "application/json");
                return;
            }
            if (Forbidden.Any(r => path.StartsWith($"/v2/{r}/", StringComparison.Ordinal)))
            {
                await WriteAsync(response, 403, Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"), "application/json");
                return;
            }
            await RouteAsync(request, response, path);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away or the response was aborted on purpose.
        }
    }

    private async Task RouteAsync(HttpListenerRequest request, HttpListenerResponse response, string path)
    {
        if (path == "/v2/")
        {
            await WriteAsync(response, 200, "{}"u8.ToArray(), "application/json");
            return;
        }
        if (path.StartsWith("/upload/", StringComparison.Ordinal))
        {
            await UploadAsync(request, response, path["/upload/".Length..]);
            return;
        }
        var manifests = path.IndexOf("/manifests/", StringComparison.Ordinal);
        var blobs = path.IndexOf("/blobs/", StringComparison.Ordinal);
        if (manifests > 0)
        {
            var key = $"{path[4..manifests]}/{path[(manifests + 11)..]}";
            if (request.HttpMethod == "PUT")
            {
                var body = await ReadBodyAsync(request);
                _manifests[key] = (body, request.ContentType ?? "");
                response.AddHeader("Docker-Content-Digest", Digest.Of(body).ToString());
                await WriteAsync(response, 201, [], null);
            }
            else if (_manifests.TryGetValue(key, out var manifest))
            {
                await WriteAsync(response, 200, manifest.Bytes, manifest.MediaType);
            }
            else
            {
                await WriteAsync(response, 404, Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"), "application/json");
            }
            return;
        }
        var repository = blobs > 0 ? path[4..blobs] : "";
        if (blobs > 0 && path.EndsWith("/blobs/uploads/", StringComparison.Ordinal))
        {
            if (request.QueryString["mount"] is { } mount && _links.ContainsKey($"{request.QueryString["from"]}@{mount}"))
            {
                Link(repository, Digest.Parse(mount));
                await WriteAsync(response, 201, [], null);
                return;
            }
            var id = Guid.NewGuid().ToString("N");
            _uploads[id] = (repository, new MemoryStream());
            response.AddHeader("Location", $"/upload/{id}?_state=x");
            await WriteAsync(response, 202, [], null);
            return;
        }
        if (blobs > 0 && Digest.TryParse(path[(blobs + 7)..], out var digest) && _links.ContainsKey($"{repository}@{digest}") && _blobs.TryGetValue(digest.ToString(), out var bytes))
        {
            await ServeBlobAsync(request, response, digest, bytes);
            return;
        }
        await WriteAsync(response, 404, Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"), "application/json");
    }

    private async Task ServeBlobAsync(HttpListenerRequest request, HttpListenerResponse response, Digest digest, byte[] bytes)
    {
        if (request.HttpMethod == "HEAD")
        {
            response.StatusCode = 200;
            response.ContentLength64 = bytes.Length;
            response.Close();
            return;
        }
        bool truncate;
        lock (TruncateOnce)
        {
            truncate = TruncateOnce.Remove(digest);
        }
        var body = Corrupted.Contains(digest) ? bytes.Select(b => (byte)~b).ToArray() : bytes;
        var range = request.Headers["Range"] ?? "";
        _ranges.Enqueue((digest, range));
        response.StatusCode = 200;
        if (!IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && int.TryParse(range["bytes=".Length..^1], out var from) && from < body.Length)
        {
            response.StatusCode = 206;
            response.AddHeader("Content-Range", $"bytes {from}-{body.Length - 1}/{body.Length}");
            body = body[from..];
        }
        response.ContentLength64 = body.Length;
        if (Stall.Contains(digest))
        {
            await response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await response.OutputStream.FlushAsync();
            await Task.Delay(Timeout.Infinite, _stopping.Token).ContinueWith(_ => { });
            response.Abort();
            return;
        }
        if (truncate)
        {
            await response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await response.OutputStream.FlushAsync();
            response.Abort();
            return;
        }
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private async Task UploadAsync(HttpListenerRequest request, HttpListenerResponse response, string id)
    {
        var (repository, upload) = _uploads[id];
        var body = await ReadBodyAsync(request);
        if (request.HttpMethod == "PATCH")
        {
            ContentRanges.Enqueue(request.Headers["Content-Range"] ?? "");
            upload.Write(body);
            response.AddHeader("Location", $"/upload/{id}?_state=y");
            await WriteAsync(response, 202, [], null);
            return;
        }
        upload.Write(body);
        var bytes = upload.ToArray();
        if (Digest.Of(bytes).ToString() != request.QueryString["digest"])
        {
            await WriteAsync(response, 400, Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest did not match\"}]}"), "application/json");
            return;
        }
        Link(repository, PutBlob(bytes));
        await WriteAsync(response, 201, [], null);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, byte[] body, string? contentType)
    {
        response.StatusCode = status;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }
}

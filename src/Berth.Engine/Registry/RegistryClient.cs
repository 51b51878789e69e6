using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>
/// The distribution-spec API of one repository on one registry: ping, manifests and blobs, with
/// authentication answered as challenges come (see <see cref="RegistryAuthorizer"/>). Every failure
/// becomes a one-line <see cref="BerthException"/>; every manifest's digest is checked here.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    /// <summary>The distribution spec's advice: clients should refuse manifests larger than 4 MiB.</summary>
    public const int MaxManifestBytes = 4 << 20;

    private static readonly string[] ManifestMediaTypes =
        [MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    private readonly HttpClient _http;
    private readonly RegistryAuthorizer _authorizer;
    private readonly string _scope;

    /// <param name="handler">The HTTP stack; null for a SocketsHttpHandler honouring the endpoint's TLS setting.</param>
    public RegistryClient(RegistryEndpoint endpoint, string repository, RegistryCredentials? credentials, bool push, HttpMessageHandler? handler = null)
    {
        Endpoint = endpoint;
        Repository = repository;
        _http = new HttpClient(handler ?? CreateHandler(endpoint), disposeHandler: true) { BaseAddress = endpoint.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("berth/0.1");
        _authorizer = new RegistryAuthorizer(_http, credentials);
        _scope = repository.Length == 0 ? "" : $"repository:{repository}:{(push ? "pull,push" : "pull")}";
    }

    public RegistryEndpoint Endpoint { get; }

    /// <summary>The repository path, e.g. "library/busybox".</summary>
    public string Repository { get; }

    /// <summary>GET /v2/: checks that a registry answers, and learns its authentication scheme.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var context = $"pinging registry {Endpoint.Domain}";
        using var response = await TransportAsync(() => new HttpRequestMessage(HttpMethod.Get, "v2/"), context, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && AuthChallenge.From(response.Headers) is { } challenge)
        {
            await _authorizer.AnswerAsync(challenge, _scope, null, cancellationToken);
        }
        else if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.FromResponseAsync(response, context, cancellationToken);
        }
    }

    /// <summary>GET /v2/ with the credentials given, through whatever challenge the registry poses; fails when they are refused.</summary>
    public async Task CheckLoginAsync(CancellationToken cancellationToken)
    {
        var context = $"logging into {Endpoint.Domain}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "v2/"), context, cancellationToken);
        await EnsureSuccessAsync(response, context, cancellationToken);
    }

    /// <summary>Fetches a manifest or index by tag or digest and checks its digest (against the reference, or the registry's Docker-Content-Digest).</summary>
    public async Task<FetchedManifest> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        var context = $"reading manifest {reference} in {Endpoint.Domain}/{Repository}";
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{Repository}/manifests/{reference}");
            foreach (var type in ManifestMediaTypes)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }
            return request;
        }, context, cancellationToken);
        await EnsureSuccessAsync(response, context, cancellationToken);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
        {
            throw new BerthException($"{context}: manifest is larger than {MaxManifestBytes} bytes");
        }
        var bytes = await ReadBodyAsync(response, context, cancellationToken);
        var digest = Digest.Of(bytes);
        if (Digest.TryParse(reference, out var pinned) && pinned != digest)
        {
            throw new BerthException($"{context}: manifest digest mismatch: expected {pinned}, got {digest}");
        }
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var header) && Digest.TryParse(header.FirstOrDefault(), out var announced) && announced != digest)
        {
            throw new BerthException($"{context}: manifest digest mismatch: registry says {announced}, content is {digest}");
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        return new FetchedManifest(bytes, mediaType, digest);
    }

    /// <summary>
    /// GET a blob; with <paramref name="offset"/> &gt; 0, only the bytes from there on (an HTTP Range
    /// request, to resume a download). The answer says where its body starts: a registry that ignores
    /// the range sends the whole blob from 0.
    /// </summary>
    public async Task<BlobResponse> OpenBlobAsync(Digest digest, long offset, CancellationToken cancellationToken)
    {
        var context = $"fetching blob {digest}";
        var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{Repository}/blobs/{digest}");
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }
            return request;
        }, context, cancellationToken);
        try
        {
            if (offset > 0 && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                response.Dispose();
                return await OpenBlobAsync(digest, 0, cancellationToken);
            }
            await EnsureSuccessAsync(response, context, cancellationToken);
            var start = response.StatusCode == HttpStatusCode.PartialContent ? response.Content.Headers.ContentRange?.From : 0;
            if (start is not { } from || (from != 0 && from != offset))
            {
                throw new BerthException($"{context}: registry answered range {offset}- with {response.Content.Headers.ContentRange}");
            }
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new BlobResponse(response, body, from);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>HEAD on a blob: whether the repository already has it.</summary>
    public async Task<bool> BlobExistsAsync(Digest digest, CancellationToken cancellationToken)
    {
        var context = $"checking blob {digest} in {Endpoint.Domain}/{Repository}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, $"v2/{Repository}/blobs/{digest}"), context, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, context, cancellationToken);
        return true;
    }

    /// <summary>
    /// POST to start an upload; with <paramref name="mountFrom"/>, asks to mount the blob from that
    /// repository of the same registry. Returns null when mounted, else the upload's location.
    /// </summary>
    public async Task<Uri?> StartUploadAsync(Digest digest, string? mountFrom, CancellationToken cancellationToken)
    {
        var context = $"starting upload of {digest} to {Endpoint.Domain}/{Repository}";
        var query = mountFrom is null ? "" : $"?mount={digest}&from={Uri.EscapeDataString(mountFrom)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"v2/{Repository}/blobs/uploads/{query}"), context, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created && mountFrom is not null)
        {
            return null;
        }
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RegistryErrors.FromResponseAsync(response, context, cancellationToken);
        }
        return LocationOf(response, context);
    }

    /// <summary>PATCH one chunk at <paramref name="offset"/>; returns the location of the rest of the upload.</summary>
    public async Task<Uri> UploadChunkAsync(Uri location, ReadOnlyMemory<byte> chunk, long offset, CancellationToken cancellationToken)
    {
        var context = $"uploading to {Endpoint.Domain}/{Repository}";
        using var response = await SendAsync(() =>
        {
            var content = new ReadOnlyMemoryContent(chunk);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + chunk.Length - 1}");
            return new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
        }, context, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RegistryErrors.FromResponseAsync(response, context, cancellationToken);
        }
        return LocationOf(response, context);
    }

    /// <summary>PUT ?digest= closing an upload, with the remaining bytes (the whole blob, for a monolithic upload) or none.</summary>
    public async Task FinishUploadAsync(Uri location, Digest digest, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var context = $"uploading {digest} to {Endpoint.Domain}/{Repository}";
        var separator = location.Query.Length > 0 ? '&' : '?';
        var target = new Uri($"{location}{separator}digest={digest}");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, target)
        {
            Content = content?.Invoke() ?? new ByteArrayContent([]),
        }, context, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await RegistryErrors.FromResponseAsync(response, context, cancellationToken);
        }
    }

    /// <summary>PUT a manifest under a tag or digest; returns the digest the registry computed.</summary>
    public async Task<Digest?> PutManifestAsync(string reference, byte[] manifest, string mediaType, CancellationToken cancellationToken)
    {
        var context = $"writing manifest {reference} to {Endpoint.Domain}/{Repository}";
        using var response = await SendAsync(() =>
        {
            var content = new ByteArrayContent(manifest);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, $"v2/{Repository}/manifests/{reference}") { Content = content };
        }, context, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await RegistryErrors.FromResponseAsync(response, context, cancellationToken);
        }
        return response.Headers.TryGetValues("Docker-Content-Digest", out var header) && Digest.TryParse(header.FirstOrDefault(), out var digest) ? digest : null;
    }

    /// <summary>
    /// GET /v1/search?q=&amp;n= (Docker Hub's search API) as a JSON document; null when the registry has no such API (404),
    /// as a distribution registry has not.
    /// </summary>
    public async Task<JsonDocument?> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var context = $"searching {Endpoint.Domain}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"v1/search?q={Uri.EscapeDataString(query)}&n={limit}"), context, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, context, cancellationToken);
        return ParseJson(await ReadBodyAsync(response, context, cancellationToken), context);
    }

    /// <summary>GET /v2/_catalog (distribution spec's listing): the repositories the registry holds, up to <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> CatalogAsync(int limit, CancellationToken cancellationToken)
    {
        var context = $"listing the repositories of {Endpoint.Domain}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"v2/_catalog?n={limit}"), context, cancellationToken);
        await EnsureSuccessAsync(response, context, cancellationToken);
        using var document = ParseJson(await ReadBodyAsync(response, context, cancellationToken), context);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("repositories", out var repositories) && repositories.ValueKind == JsonValueKind.Array
            ? [.. repositories.EnumerateArray().Select(r => r.GetString() ?? "")]
            : throw new BerthException($"{context}: the registry's answer has no repositories");
    }

    public void Dispose() => _http.Dispose();

    private static SocketsHttpHandler CreateHandler(RegistryEndpoint endpoint)
    {
        var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = TimeSpan.FromSeconds(30) };
        if (!endpoint.TlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        return handler;
    }

    /// <summary>Sends with what earlier challenges taught; on a 401, answers the new challenge and retries once.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string context, CancellationToken cancellationToken)
    {
        var sent = _authorizer.HeaderFor(_scope);
        var response = await TransportAsync(create, context, sent, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.From(response.Headers) is not { } challenge)
        {
            return response;
        }
        if (!await _authorizer.AnswerAsync(challenge, _scope, sent, cancellationToken))
        {
            return response;
        }
        response.Dispose();
        return await TransportAsync(create, context, _authorizer.HeaderFor(challenge["scope"] ?? _scope) ?? _authorizer.HeaderFor(_scope), cancellationToken);
    }

    private async Task<HttpResponseMessage> TransportAsync(Func<HttpRequestMessage> create, string context, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var request = create();
        request.Headers.Authorization = authorization;
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new BerthException($"{context}: cannot reach {Endpoint.BaseUri.Authority}: {ex.Message}");
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string context, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.FromResponseAsync(response, context, cancellationToken);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string context, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new BerthException($"{context}: transfer interrupted: {ex.Message}");
        }
    }

    private static JsonDocument ParseJson(byte[] body, string context)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new BerthException($"{context}: the registry's answer is not JSON: {ex.Message}");
        }
    }

    private Uri LocationOf(HttpResponseMessage response, string context)
    {
        var location = response.Headers.Location ?? throw new BerthException($"{context}: registry gave no upload location");
        return location.IsAbsoluteUri ? location : new Uri(Endpoint.BaseUri, location);
    }
}

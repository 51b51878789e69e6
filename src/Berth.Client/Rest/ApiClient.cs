using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Client.Serialization;
using k8s;
using k8s.Models;

namespace Berth.Client.Rest;

/// <summary>
/// The REST client of one component: typed access to every resource in <see cref="KubeResources"/>
/// over one pooled HTTP connection set. Failures are <see cref="ApiStatusException"/>s carrying
/// the server's Status.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonMedia = new("application/json");

    // Requests that were under way on connections a certificate rotation retires get this long to finish.
    private static readonly TimeSpan RetiredConnectionGrace = TimeSpan.FromSeconds(10);

    private HttpClient _http;

    public ApiClient(ApiConnection connection)
    {
        Connection = connection;
        _http = connection.CreateHttpClient();
        if (connection.ClientCertificate is { } certificate)
        {
            certificate.Replaced += Reconnect;
        }
    }

    public ApiConnection Connection { get; }

    public ResourceClient<T, TList> For<T, TList>(ApiResource<T, TList> resource)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T> =>
        new(this, resource);

    public void Dispose()
    {
        if (Connection.ClientCertificate is { } certificate)
        {
            certificate.Replaced -= Reconnect;
        }
        _http.Dispose();
    }

    /// <summary>
    /// After a client certificate rotation: new requests go over new connections, which present the new certificate, and
    /// the old connections close (watches on them end and resume), as kubelet closes its connections after a rotation.
    /// </summary>
    private void Reconnect()
    {
        var retired = Interlocked.Exchange(ref _http, Connection.CreateHttpClient());
        _ = Task.Delay(RetiredConnectionGrace).ContinueWith(_ => retired.Dispose(), TaskScheduler.Default);
    }

    internal async Task<TResult> SendAsync<TResult>(HttpMethod method, string pathAndQuery, HttpContent? content, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, pathAndQuery, content, HttpCompletionOption.ResponseContentRead, cancellationToken);
        // Read whole (the response is buffered already), then decoded synchronously: the serializer's async decode was compiled
        // into the Native AOT binary for every model type, ~4,000 of its 16,600 static bases, which every berth process
        // allocates before Main (a tenth of a `run --rm`'s main thread went to setting up statics).
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return JsonSerializer.Deserialize(body, resultType)
            ?? throw new ApiStatusException(500, "InternalError", $"{method} {pathAndQuery}: the server answered null");
    }

    /// <summary>
    /// Sends a request whose successful answer the caller does not read (an event, a binding): the body is not buffered,
    /// it is drained into the connection's own buffer when the response is disposed. A failure throws, with its Status.
    /// </summary>
    internal async Task SendWithoutAnswerAsync(HttpMethod method, string pathAndQuery, HttpContent content, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, pathAndQuery, content, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Sends a request and returns the successful response (the caller disposes it); a failure throws.</summary>
    internal async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string pathAndQuery, HttpContent? content, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        // As a raw string: a parsed header value is formatted anew for every request.
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        var response = await _http.SendAsync(request, completion, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await FailureAsync(method, pathAndQuery, response, cancellationToken);
        }
    }

    internal static ByteArrayContent Json<TBody>(TBody body, JsonTypeInfo<TBody> type, MediaTypeHeaderValue? media = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(body, type)) { Headers = { ContentType = media ?? JsonMedia } };

    private static async Task<ApiStatusException> FailureAsync(HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            if (JsonSerializer.Deserialize(text, ModelJsonContext.Default.ApiStatus) is { Code: > 0 } status)
            {
                return new ApiStatusException(status);
            }
        }
        catch (JsonException)
        {
        }
        return new ApiStatusException((int)response.StatusCode, response.ReasonPhrase, $"{method} {path}: {(int)response.StatusCode} {text.Trim()}");
    }
}

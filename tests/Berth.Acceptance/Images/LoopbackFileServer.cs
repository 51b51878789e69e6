using System.Collections.Concurrent;
using System.Net;
using Berth.Testing;

namespace Berth.Acceptance.Images;

/// <summary>An HTTP server on 127.0.0.1 that serves the files a test puts in it (with an optional Last-Modified), 404 otherwise, and counts requests.</summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly ConcurrentDictionary<string, (byte[] Content, DateTimeOffset? Modified)> _files = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly LoopbackHttpServer _server;

    public LoopbackFileServer() => _server = new LoopbackHttpServer(HandleAsync);

    /// <summary>"http://127.0.0.1:PORT", no trailing slash.</summary>
    public string BaseUrl => _server.BaseUrl;

    public void Serve(string path, string content, DateTimeOffset? modified = null) => Serve(path, System.Text.Encoding.UTF8.GetBytes(content), modified);

    public void Serve(string path, byte[] content, DateTimeOffset? modified = null) => _files[path] = (content, modified);

    public int Requests(string path) => _requests.GetValueOrDefault(path);

    public void Dispose() => _server.Dispose();

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        using var response = context.Response;
        if (!_files.TryGetValue(path, out var file))
        {
            response.StatusCode = 404;
            return;
        }
        if (file.Modified is { } modified)
        {
            response.Headers[HttpResponseHeader.LastModified] = modified.ToString("R");
        }
        response.ContentLength64 = file.Content.Length;
        await response.OutputStream.WriteAsync(file.Content);
    }
}

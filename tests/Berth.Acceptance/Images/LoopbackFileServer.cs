using System.Collections.Concurrent;
using System.Net;

namespace Berth.Acceptance.Images;

/// <summary>An HTTP server on 127.0.0.1 that serves the files a test puts in it (with an optional Last-Modified), 404 otherwise, and counts requests.</summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, DateTimeOffset? Modified)> _files = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly Task _serving;

    public LoopbackFileServer()
    {
        BaseUrl = $"http://127.0.0.1:{NetworkPorts.Free()}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>"http://127.0.0.1:PORT", no trailing slash.</summary>
    public string BaseUrl { get; }

    public void Serve(string path, string content, DateTimeOffset? modified = null) => Serve(path, System.Text.Encoding.UTF8.GetBytes(content), modified);

    public void Serve(string path, byte[] content, DateTimeOffset? modified = null) => _files[path] = (content, modified);

    public int Requests(string path) => _requests.GetValueOrDefault(path);

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            using var response = context.Response;
            if (!_files.TryGetValue(path, out var file))
            {
                response.StatusCode = 404;
                continue;
            }
            if (file.Modified is { } modified)
            {
                response.Headers[HttpResponseHeader.LastModified] = modified.ToString("R");
            }
            response.ContentLength64 = file.Content.Length;
            await response.OutputStream.WriteAsync(file.Content);
        }
    }
}

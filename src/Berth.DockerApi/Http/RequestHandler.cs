namespace Berth.DockerApi.Http;

/// <summary>Answers one request; it must write the response (or hijack the connection) before returning.</summary>
public delegate Task RequestHandler(HttpRequest request, HttpResponse response, CancellationToken cancellationToken);

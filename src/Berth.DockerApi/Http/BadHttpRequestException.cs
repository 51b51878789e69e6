namespace Berth.DockerApi.Http;

/// <summary>The bytes on the connection are not an HTTP/1.1 request this server reads; the connection is answered 400 and closed.</summary>
public sealed class BadHttpRequestException(string message) : Exception(message);

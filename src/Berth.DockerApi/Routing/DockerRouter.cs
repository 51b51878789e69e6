using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.DockerApi.Http;
using Microsoft.Extensions.Logging;

namespace Berth.DockerApi.Routing;

/// <summary>
/// The socket's front door: strips the /vX.Y prefix and checks the version, finds the route, and turns the
/// engine's typed errors into Docker's statuses and {"message": …} bodies (404 not found, 409 conflict or
/// in use, 400 bad parameter; 500 only for a failure of the engine itself).
/// </summary>
public sealed partial class DockerRouter(RouteTable routes, ILogger<DockerRouter> logger)
{
    public async Task HandleAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        response.Headers["Api-Version"] = ApiVersions.Format(ApiVersions.Newest);
        response.Headers["Docker-Experimental"] = "false";
        response.Headers["Ostype"] = "linux";
        try
        {
            var path = request.Head.Path;
            request.ApiVersion = ApiVersions.Newest;
            if (VersionPrefix().Match(path) is { Success: true } prefix)
            {
                request.ApiVersion = CheckVersion(prefix.Groups[1].Value);
                path = path[prefix.Length..];
            }
            if (routes.Match(request.Head.Method, path) is not var (handler, values))
            {
                await WriteErrorAsync(response, 404, "page not found", cancellationToken);
                return;
            }
            request.Route = values;
            await handler(request, response, cancellationToken);
        }
        catch (Exception e) when (!response.Started && StatusOf(e) is { } status)
        {
            if (status == 500)
            {
                LogFailed(logger, request.Head.Method, request.Head.Path, e);
            }
            await WriteErrorAsync(response, status, e.Message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Mid-stream there is no status left to send: the connection closes.
            LogFailed(logger, request.Head.Method, request.Head.Path, e);
            throw new IOException("the response failed after it started", e);
        }
    }

    private static int? StatusOf(Exception e) => e switch
    {
        NotFoundException => 404,
        ConflictException or InUseException => 409,
        InvalidArgumentException or BadHttpRequestException => 400,
        OperationCanceledException => null,
        _ => 500,
    };

    private static Version CheckVersion(string text)
    {
        var version = Version.Parse(text);
        if (version > ApiVersions.Newest)
        {
            throw new InvalidArgumentException($"client version {text} is too new. Maximum supported API version is {ApiVersions.Format(ApiVersions.Newest)}");
        }
        if (version < ApiVersions.Oldest)
        {
            throw new InvalidArgumentException(
                $"client version {text} is too old. Minimum supported API version is {ApiVersions.Format(ApiVersions.Oldest)}, please upgrade your client to a newer version");
        }
        return version;
    }

    private static Task WriteErrorAsync(HttpResponse response, int status, string message, CancellationToken cancellationToken) =>
        response.WriteJsonAsync(status, new JsonObject { ["message"] = message }, cancellationToken);

    [GeneratedRegex(@"^/v(\d+\.\d+)(?=/)")]
    private static partial Regex VersionPrefix();

    [LoggerMessage(2, LogLevel.Error, "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception exception);
}

using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Images;
using Berth.Engine.Images.Archive;

namespace Berth.DockerApi.Images;

/// <summary>
/// Image tarballs: GET /images/get?names=… and /images/{name}/get stream `save`'s archive (an OCI layout with a
/// docker-archive manifest.json); POST /images/load reads one (plain or gzip) straight into the store and answers
/// "Loaded image: NAME" lines as JSON stream messages. A body that is no image archive is a 400, nothing stored.
/// </summary>
public sealed class ImageArchiveRoutes(DockerApiContext context)
{
    private ImageStore Images => context.Engine.Images;

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/images/get", GetAsync)
        .Map("GET", "/images/{name*}/get", GetOneAsync)
        .Map("POST", "/images/load", LoadAsync);

    private Task GetAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        SaveAsync([.. request.QueryAll("names").SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries))], response, cancellationToken);

    private Task GetOneAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        SaveAsync([request.Route["name"]], response, cancellationToken);

    private async Task SaveAsync(IReadOnlyList<string> names, HttpResponse response, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            throw new InvalidArgumentException("no image names given (names=)");
        }
        // Every name is checked before the head goes out: a missing one is still a 404.
        foreach (var name in names)
        {
            try
            {
                await Images.FindAsync(name, cancellationToken);
            }
            catch (NotFoundException)
            {
                throw new NotFoundException($"No such image: {name}");
            }
        }
        await using var body = await response.StartChunkedAsync(200, "application/x-tar", cancellationToken);
        await using var buffered = new BufferedStream(body, 1 << 20);
        await new ImageArchiveWriter(Images).SaveAsync(names, buffered, cancellationToken);
    }

    private async Task LoadAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        await using var tar = await RequestTar.OpenAsync(request.Body, cancellationToken);
        var loaded = await new ImageArchiveLoader(Images).LoadTarAsync(tar, "the request body", cancellationToken);
        await using var body = await response.StartChunkedAsync(200, "application/json", cancellationToken);
        var messages = new JsonProgress(body);
        foreach (var name in loaded)
        {
            messages.Text(name.StartsWith("sha256:", StringComparison.Ordinal) ? $"Loaded image ID: {name}\n" : $"Loaded image: {name}\n");
        }
        await messages.CompleteAsync();
    }
}

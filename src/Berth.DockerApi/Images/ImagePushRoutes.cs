using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Images;
using Berth.Engine.Registry;
using Berth.Engine.Store;

namespace Berth.DockerApi.Images;

/// <summary>
/// POST /images/{name}/push?tag=: sends the local NAME:TAG (every local tag of NAME when no tag is given) to the
/// registry its name says, with the X-Registry-Auth credentials, answering dockerd's JSON progress stream: "The push
/// refers to repository [NAME]", Preparing/Pushing/Pushed per blob, "TAG: digest: DIGEST size: N" and an aux
/// message per tag. A registry that fails is the stream's last message, as dockerd sends it.
/// </summary>
public sealed class ImagePushRoutes(DockerApiContext context)
{
    private ImageStore Images => context.Engine.Images;

    public void MapTo(RouteTable routes) => routes.Map("POST", "/images/{name*}/push", PushAsync);

    private async Task PushAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var name = request.Route["name"];
        var tags = await TagsToPushAsync(name, request.Query("tag"), cancellationToken);
        var connector = new RegistryConnector(AuthFile.Default(), mirrors: RegistryMirrors.Default())
            .WithCredentials(RegistryAuthHeader.Parse(request.Head.Header(RegistryAuthHeader.Name)));
        await using var body = await response.StartChunkedAsync(200, "application/json", cancellationToken);
        var progress = new JsonProgress(body, TransferWords.Push);
        progress.Status($"The push refers to repository [{name}]");
        try
        {
            foreach (var tag in tags)
            {
                var destination = RegistryReference.Parse($"{name}:{tag}");
                var digest = await new ImagePusher(Images, connector, progress).PushAsync($"{name}:{tag}", destination, cancellationToken);
                var size = new FileInfo(Images.Blobs.PathOf(digest)).Length;
                progress.Status($"{tag}: digest: {digest} size: {size}");
                progress.Aux(new JsonObject { ["Tag"] = tag, ["Digest"] = digest.ToString(), ["Size"] = size });
            }
        }
        catch (BerthException e)
        {
            progress.Error(e.Message);
        }
        await progress.CompleteAsync();
    }

    /// <summary>The tag asked for, which must exist locally (a 404 before the stream starts); none asks for every local tag of the repository.</summary>
    private async Task<IReadOnlyList<string>> TagsToPushAsync(string name, string? tag, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(string.IsNullOrEmpty(tag) ? name : $"{name}:{tag}", out var reference, out var error))
        {
            throw new InvalidArgumentException($"invalid reference format: {error}");
        }
        var images = await Images.ListAsync(cancellationToken);
        var tags = images.SelectMany(i => i.Names)
            .Where(n => ImageReference.TryParse(n, out var stored, out _) && stored.Repository == reference.Repository && (string.IsNullOrEmpty(tag) || stored.Tag == tag))
            .Select(n => ImageReference.Parse(n).Tag ?? ImageReference.DefaultTag)
            .Distinct()
            .ToList();
        return tags.Count > 0 ? tags : throw new NotFoundException($"An image does not exist locally with the tag: {(string.IsNullOrEmpty(tag) ? name : $"{name}:{tag}")}");
    }
}

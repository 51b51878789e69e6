using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Build;
using Berth.Engine.Progress;
using Berth.Engine.Registry;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Images;

/// <summary>
/// POST /build, the legacy builder's endpoint: the body is the context as a tar (gzip allowed), the query
/// names the Dockerfile, tags, build args and target; the answer is Docker's JSON stream (step lines and
/// RUN output as "stream", the image id as "aux", a failure as "error").
/// </summary>
public sealed class BuildRoutes(DockerApiContext context)
{
    public void MapTo(RouteTable routes) => routes.Map("POST", "/build", BuildAsync);

    private async Task BuildAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        if (request.Query("labels") is { Length: > 2 })
        {
            throw new InvalidArgumentException("build labels (--label) are not supported by Berth yet: use LABEL in the Dockerfile");
        }
        if (request.Query("remote") is { Length: > 0 })
        {
            throw new InvalidArgumentException("a remote build context is not supported by Berth: send the context");
        }
        var network = request.Query("networkmode") switch
        {
            null or "" or "default" or "none" => NetworkMode.None,
            "host" => NetworkMode.Host,
            var other => throw new InvalidArgumentException($"build network \"{other}\" is not supported by Berth: use none or host"),
        };
        var directory = Directory.CreateTempSubdirectory("berth-build-context-");
        try
        {
            await ExtractContextAsync(request.Body, directory.FullName, cancellationToken);
            var build = new BuildRequest
            {
                ContextDirectory = directory.FullName,
                ContainerfilePath = request.Query("dockerfile") is { Length: > 0 } file ? ContextPath(directory.FullName, file) : null,
                Tags = [.. request.QueryAll("t")],
                Target = request.Query("target") is { Length: > 0 } target ? target : null,
                BuildArgs = BuildArgs(request.Query("buildargs")),
                Network = network,
                NoCache = request.QueryFlag("nocache"),
                Pull = request.QueryFlag("pull") ? PullPolicy.Always : PullPolicy.Missing,
            };
            await using var body = await response.StartChunkedAsync(200, "application/json", cancellationToken);
            var messages = new JsonProgress(body);
            try
            {
                var images = context.Engine.Images;
                // -q: nothing but the image id, as one "stream" line after the "aux" message (dockerd's postBuild).
                var quiet = request.QueryFlag("q");
                var output = quiet
                    ? new BuildOutput(TextWriter.Null, NullProgressDisplay.Instance, Stream.Null, Stream.Null)
                    : new BuildOutput(new JsonTextWriter(messages), NullProgressDisplay.Instance, new JsonTextStream(messages), new JsonTextStream(messages));
                var baseImages = new BaseImageSource(images, progress => new ImagePuller(images, new RegistryConnector(AuthFile.Default(), mirrors: RegistryMirrors.Default()), progress), output);
                var runner = new TransientContainerRunner(RuntimeDriverFactory.Create(context.Engine.Options.Runtime));
                var image = await new ImageBuilder(images, runner, baseImages, output).BuildAsync(build, cancellationToken);
                messages.Aux(new JsonObject { ["ID"] = image.Id });
                messages.Text(quiet ? $"{image.Id}\n" : $"Successfully built {image.ShortId}\n");
            }
            catch (BerthException e)
            {
                messages.Error(e.Message);
            }
            await messages.CompleteAsync();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Unpacks the context tar (gzip-compressed or not) under <paramref name="directory"/>; entries cannot leave it.</summary>
    private static async Task ExtractContextAsync(Stream body, string directory, CancellationToken cancellationToken)
    {
        var tar = await RequestTar.OpenAsync(body, cancellationToken);
        try
        {
            await TarFile.ExtractToDirectoryAsync(tar, directory, overwriteFiles: true, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InvalidArgumentException($"the build context is not a tar archive: {e.Message}");
        }
    }

    private static string ContextPath(string context, string file)
    {
        var path = Path.GetFullPath(Path.Combine(context, file));
        return path.StartsWith(context + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidArgumentException($"the Dockerfile \"{file}\" must be inside the build context");
    }

    private static Dictionary<string, string> BuildArgs(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }
        try
        {
            var args = JsonNode.Parse(json) as JsonObject ?? throw new InvalidArgumentException("buildargs must be a JSON object");
            return args.Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidArgumentException($"invalid buildargs: {e.Message}");
        }
    }
}

using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Runtime;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Build;

/// <summary>
/// `image build`: runs a Containerfile's instructions in order against the image so far. Every
/// filesystem change (COPY, ADD, RUN, a new WORKDIR) becomes one gzip layer; the others change
/// only the config. RUN executes in a real container over the layers so far, whose overlay upper
/// directory becomes the layer. The build holds the store lock throughout, so its unfinished layers
/// are never collected by a concurrent `image rm`; a failed build leaves no image.
/// </summary>
public sealed class ImageBuilder(ImageStore store, TransientContainerRunner runner, BuildOutput output)
{
    public async Task<ImageRecord> BuildAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        var context = Path.GetFullPath(request.ContextDirectory);
        if (!Directory.Exists(context))
        {
            throw new BerthException($"{request.ContextDirectory}: build context is not a directory");
        }
        var file = request.ContainerfilePath ?? DefaultContainerfile(context);
        if (!File.Exists(file))
        {
            throw new BerthException($"{file}: no such Containerfile");
        }
        var name = request.Tag is null ? null : ImageReference.Parse(request.Tag);
        var fileName = Path.GetFileName(file);
        var instructions = ContainerfileParser.Parse(await File.ReadAllTextAsync(file, cancellationToken), fileName);
        if (instructions.Count(i => i.Keyword == "FROM") > 1)
        {
            throw new ContainerfileException(fileName, instructions.Where(i => i.Keyword == "FROM").ElementAt(1).Line, "multi-stage builds are not supported");
        }

        using var session = await store.BeginWriteAsync(cancellationToken);
        var steps = new BuildSteps(session, runner, output, new ContextCopier(context), request, cancellationToken);
        var state = new BuildState();
        var globalArgs = new Dictionary<string, string>();
        for (var i = 0; i < instructions.Count; i++)
        {
            var instruction = instructions[i];
            await output.Progress.WriteLineAsync($"STEP {i + 1}/{instructions.Count}: {instruction.Text}");
            try
            {
                if (instruction.Keyword == "ARG" && !instructions.Take(i).Any(x => x.Keyword == "FROM"))
                {
                    steps.DeclareArgs(instruction, globalArgs);
                    continue;
                }
                await steps.ApplyAsync(instruction, state, globalArgs);
            }
            catch (BerthException ex) when (ex is not ContainerfileException)
            {
                throw new ContainerfileException(fileName, instruction.Line, ex.Message);
            }
        }
        var image = await session.CommitAsync(state.ToConfig(DateTimeOffset.UtcNow), state.Layers, state.Size, name is null ? [] : [name.FullName], cancellationToken);
        if (name is not null)
        {
            await output.Progress.WriteLineAsync($"COMMIT {name.FullName}");
        }
        await output.Progress.WriteLineAsync($"--> {image.ShortId}");
        return image;
    }

    private static string DefaultContainerfile(string context)
    {
        var containerfile = Path.Combine(context, "Containerfile");
        var dockerfile = Path.Combine(context, "Dockerfile");
        return File.Exists(containerfile) || !File.Exists(dockerfile) ? containerfile : dockerfile;
    }
}

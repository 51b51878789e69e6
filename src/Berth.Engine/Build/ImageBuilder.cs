using Berth.Engine.Images;
using Berth.Engine.Runtime;

namespace Berth.Engine.Build;

/// <summary>
/// `image build`: plans the stages the target needs, makes sure the images they start from are
/// local (pulling per --pull), then builds each stage step by step (<see cref="StageBuilder"/>),
/// reusing cached steps, and names the target stage's image. The build holds the store lock from
/// the first step to the naming, so its layers are never collected by a concurrent `image rm`; a
/// failed build names nothing (the steps that finished stay as cache).
/// </summary>
public sealed class ImageBuilder(ImageStore store, TransientContainerRunner runner, BaseImageSource baseImages, BuildOutput output)
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
        var names = request.Tags.Select(t => ImageReference.Parse(t).FullName).Distinct().ToList();
        var fileName = Path.GetFileName(file);
        var instructions = ContainerfileParser.Parse(await File.ReadAllTextAsync(file, cancellationToken), fileName);

        var globalArgs = new Dictionary<string, string>();
        foreach (var arg in instructions.TakeWhile(i => i.Keyword == "ARG"))
        {
            BuildSteps.DeclareArgs(arg, request.BuildArgs, globalArgs);
        }
        string Expand(string text) => VariableExpander.Expand(text, globalArgs);
        var plan = BuildPlan.Create(instructions, fileName, request.Target, Expand);
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (reference, instruction) in plan.ExternalImages(fileName, Expand))
        {
            if (!images.ContainsKey(reference))
            {
                images[reference] = await AtLine(fileName, instruction, () => baseImages.EnsureAsync(reference, request.Pull, cancellationToken));
            }
        }

        using var session = await store.BeginWriteAsync(cancellationToken);
        var cache = await BuildCache.LoadAsync(store, cancellationToken);
        var steps = new BuildSteps(session, runner, output, request, cancellationToken);
        using var http = new HttpClient();
        var stages = new StageBuilder(plan, steps, cache, images, globalArgs, new ContextCopier(context, IgnoreRules.Load(context)), new UrlDownloader(http, output.Display), store, output,
            request, fileName, cancellationToken);
        var built = await stages.BuildAllAsync();
        var image = await session.AddAsync(built with { Names = names }, cancellationToken);
        foreach (var name in names)
        {
            await output.Progress.WriteLineAsync($"COMMIT {name}");
        }
        await output.Progress.WriteLineAsync($"--> {image.ShortId}");
        foreach (var name in names)
        {
            await output.Progress.WriteLineAsync($"Successfully tagged {name}");
        }
        return image;
    }

    /// <summary>Runs <paramref name="action"/>, naming the instruction's file and line in its error.</summary>
    internal static async Task<T> AtLine<T>(string file, ContainerfileInstruction instruction, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (BerthException ex) when (ex is not ContainerfileException)
        {
            throw new ContainerfileException(file, instruction.Line, ex.Message);
        }
    }

    private static string DefaultContainerfile(string context)
    {
        var containerfile = Path.Combine(context, "Containerfile");
        var dockerfile = Path.Combine(context, "Dockerfile");
        return File.Exists(containerfile) || !File.Exists(dockerfile) ? containerfile : dockerfile;
    }
}

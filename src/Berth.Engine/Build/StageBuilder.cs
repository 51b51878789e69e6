using Berth.Engine.Images;

namespace Berth.Engine.Build;

/// <summary>
/// Builds the stages a plan needs, in order, one step at a time. A step whose cache key has an
/// image is not run: the build continues from that image ("--> Using cache"). Otherwise the step
/// runs and its result is committed as an untagged image carrying the key, for the next build.
/// </summary>
internal sealed class StageBuilder(
    BuildPlan plan,
    BuildSteps steps,
    BuildCache cache,
    IReadOnlyDictionary<string, string> images,
    IReadOnlyDictionary<string, string> globalArgs,
    ContextCopier context,
    UrlDownloader downloader,
    ImageStore store,
    BuildOutput output,
    BuildRequest request,
    string file,
    CancellationToken cancellationToken)
{
    private readonly Dictionary<int, BuildState> _built = [];

    /// <summary>Builds every needed stage; returns the target stage's image.</summary>
    public async Task<ImageRecord> BuildAllAsync()
    {
        for (var n = 0; n < plan.Needed.Count; n++)
        {
            var prefix = plan.Needed.Count > 1 ? $"[{n + 1}/{plan.Needed.Count}] " : "";
            _built[plan.Needed[n].Index] = await BuildStageAsync(plan.Needed[n], prefix);
        }
        var target = _built[plan.Target.Index];
        if (target.ImageId is null)
        {
            return await steps.CommitAsync(target, BuildCache.Key(null, plan.Target.From, target.Args, null));
        }
        return await store.FindAsync(target.ImageId, cancellationToken);
    }

    private async Task<BuildState> BuildStageAsync(BuildStage stage, string prefix)
    {
        var state = new BuildState();
        var total = stage.Body.Count + 1;
        await output.Progress.WriteLineAsync($"{prefix}STEP 1/{total}: {stage.From.Text}");
        var reference = Expand(stage.BaseReference);
        var baseId = plan.BaseStage(stage, Expand) is { } parent ? _built[parent.Index].ImageId
            : reference == "scratch" ? null
            : images[reference];
        await ImageBuilder.AtLine(file, stage.From, async () =>
        {
            await steps.FromAsync(baseId, state);
            return true;
        });
        await RunTriggersAsync(stage, state, prefix);
        for (var i = 0; i < stage.Body.Count; i++)
        {
            var instruction = stage.Body[i];
            await output.Progress.WriteLineAsync($"{prefix}STEP {i + 2}/{total}: {instruction.Text}");
            await ImageBuilder.AtLine(file, instruction, async () =>
            {
                await StepAsync(stage, instruction, state);
                return true;
            });
        }
        return state;
    }

    /// <summary>
    /// Runs the FROM image's ONBUILD triggers, in order, as steps right after FROM (with this build's
    /// context), as Docker does; they are not passed on to the image this stage makes.
    /// </summary>
    private async Task RunTriggersAsync(BuildStage stage, BuildState state, string prefix)
    {
        var triggers = state.OnBuild.Select(t => ContainerfileParser.ParseTrigger(t, file, stage.From.Line)).ToList();
        state.OnBuild.Clear();
        for (var i = 0; i < triggers.Count; i++)
        {
            await output.Progress.WriteLineAsync($"{prefix}ONBUILD {i + 1}/{triggers.Count}: {triggers[i].Text}");
            await ImageBuilder.AtLine(file, stage.From, async () =>
            {
                await StepAsync(stage, triggers[i], state);
                return true;
            });
        }
    }

    private async Task StepAsync(BuildStage stage, ContainerfileInstruction instruction, BuildState state)
    {
        IDisposable? scratch = null;
        try
        {
            CopySource? copy = null;
            if (instruction.Keyword is "COPY" or "ADD")
            {
                (copy, scratch) = await CopySourceAsync(stage, instruction, state);
            }
            var changesFiles = BuildSteps.ChangesFiles(instruction);
            if (!changesFiles)
            {
                // Config-only steps cost nothing; applying them first puts an ARG's value in the key.
                await steps.ApplyAsync(instruction, state, globalArgs, null);
            }
            var key = BuildCache.Key(state.ImageId, instruction, state.Args, copy?.Content.Digest);
            if (!request.NoCache && cache.Find(key) is { } cached)
            {
                await steps.AdoptAsync(cached, state);
                await output.Progress.WriteLineAsync($"--> Using cache {cached.Id["sha256:".Length..]}");
                await output.Progress.WriteLineAsync($"--> {cached.ShortId}");
                return;
            }
            if (changesFiles)
            {
                await steps.ApplyAsync(instruction, state, globalArgs, copy);
            }
            var image = await steps.CommitAsync(state, key);
            cache.Add(key, image);
            await output.Progress.WriteLineAsync($"--> {image.ShortId}");
        }
        finally
        {
            scratch?.Dispose();
        }
    }

    /// <summary>
    /// What a COPY/ADD copies, hashed for its cache key: paths in the context, in the stage or image
    /// --from names (mounted), or an ADD's URLs (downloaded every time, as Docker checks the content).
    /// The second value holds the mount or the downloads until the step is done.
    /// </summary>
    private async Task<(CopySource Source, IDisposable? Scratch)> CopySourceAsync(BuildStage stage, ContainerfileInstruction instruction, BuildState state)
    {
        var words = BuildSteps.CopyWords(instruction, state);
        var paths = words[..^1];
        if (instruction.Keyword == "ADD" && paths.Any(UrlDownloader.IsUrl))
        {
            if (!paths.All(UrlDownloader.IsUrl))
            {
                throw new BerthException("ADD cannot mix URLs and local paths in one instruction");
            }
            var downloads = await downloader.DownloadAsync(paths, store.Layout.NewTempPath("download"), words[^1].EndsWith('/') || paths.Count > 1, cancellationToken);
            return await HoldingAsync(downloads, () => HashAsync(new ContextCopier(downloads.Directory, IgnoreRules.None), downloads.Names, extractArchives: false));
        }
        if (instruction.Flags.TryGetValue("from", out var from))
        {
            var mounted = await MountSourceAsync(stage, Expand(from), instruction.Line);
            return await HoldingAsync(mounted, () => HashAsync(new ContextCopier(mounted.Path, IgnoreRules.None), paths, extractArchives: false));
        }
        return (await HashAsync(context, paths, extractArchives: instruction.Keyword == "ADD"), null);
    }

    /// <summary>The source <paramref name="hash"/> makes, with the scratch it reads; the scratch is disposed if hashing fails.</summary>
    private static async Task<(CopySource, IDisposable?)> HoldingAsync(IDisposable scratch, Func<Task<CopySource>> hash)
    {
        try
        {
            return (await hash(), scratch);
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    private async Task<CopySource> HashAsync(ContextCopier copier, IReadOnlyList<string> paths, bool extractArchives) =>
        new(copier, paths, await SourceDigest.ComputeAsync(copier, paths, cancellationToken), extractArchives);

    /// <summary>The merged filesystem of the stage or image COPY --from names.</summary>
    private async Task<SourceRootfs> MountSourceAsync(BuildStage stage, string from, int line)
    {
        IReadOnlyList<string> layers;
        if (plan.SourceStage(stage, from, file, line) is { } sourceStage)
        {
            layers = _built[sourceStage.Index].LayerDirectories;
        }
        else
        {
            var image = await store.FindAsync(images[from], cancellationToken);
            layers = store.LayerDirectories(await store.ReadConfigAsync(image, cancellationToken));
        }
        return new SourceRootfs(layers, store.Layout.NewTempPath("from"));
    }

    private string Expand(string text) => VariableExpander.Expand(text, globalArgs);
}

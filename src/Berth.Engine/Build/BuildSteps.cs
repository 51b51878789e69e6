using System.Globalization;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Progress;
using Berth.Engine.Runtime;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

using Berth.Engine.Linux;

namespace Berth.Engine.Build;

/// <summary>What each Containerfile instruction does to the <see cref="BuildState"/> (Dockerfile reference semantics).</summary>
internal sealed class BuildSteps(
    ImageWriteSession session,
    TransientContainerRunner runner,
    BuildOutput output,
    BuildRequest request,
    CancellationToken cancellationToken)
{
    private ImageStore Store => session.Store;

    /// <summary>ARG NAME[=default]…: the value is the --build-arg, else the default, else (inside a stage) the global one.</summary>
    public static void DeclareArgs(ContainerfileInstruction instruction, IReadOnlyDictionary<string, string> buildArgs, Dictionary<string, string> scope,
        IReadOnlyDictionary<string, string>? globals = null)
    {
        foreach (var word in KeyValueParser.SplitWords(instruction.Arguments))
        {
            var equals = word.IndexOf('=');
            var name = equals < 0 ? word : word[..equals];
            if (buildArgs.TryGetValue(name, out var given))
            {
                scope[name] = given;
            }
            else if (equals >= 0)
            {
                scope[name] = VariableExpander.Expand(word[(equals + 1)..], scope);
            }
            else if (globals?.TryGetValue(name, out var global) == true)
            {
                scope[name] = global;
            }
        }
    }

    /// <summary>Whether an instruction may change the filesystem (the others change only the config and run in no time).</summary>
    public static bool ChangesFiles(ContainerfileInstruction instruction) => instruction.Keyword is "COPY" or "ADD" or "RUN" or "WORKDIR";

    /// <summary>Applies one instruction after FROM; <paramref name="copy"/> is what a COPY or ADD copies.</summary>
    public async Task ApplyAsync(ContainerfileInstruction instruction, BuildState state, IReadOnlyDictionary<string, string> globalArgs, CopySource? copy)
    {
        var layerAdded = false;
        switch (instruction.Keyword)
        {
            case var keyword when ConfigInstructions.Keywords.Contains(keyword):
                ConfigInstructions.Apply(instruction, state);
                break;
            case "ARG":
                DeclareArgs(instruction, request.BuildArgs, state.Args, globalArgs);
                break;
            case "WORKDIR":
                layerAdded = await WorkdirAsync(VariableExpander.Expand(instruction.Arguments, state.Variables()), state);
                break;
            case "COPY" or "ADD":
                layerAdded = await CopyAsync(instruction, state, copy!);
                break;
            case "RUN":
                layerAdded = await RunAsync(instruction, state);
                break;
        }
        state.History.Add(new OciHistory { Created = DateTimeOffset.UtcNow, CreatedBy = instruction.Text, EmptyLayer = layerAdded ? null : true });
    }

    /// <summary>Starts a stage from an image (by id, or a stage's result); null is scratch.</summary>
    public async Task FromAsync(string? imageId, BuildState state)
    {
        if (imageId is not null)
        {
            await AdoptAsync(await Store.FindAsync(imageId, cancellationToken), state);
        }
    }

    /// <summary>Makes an image (a FROM image or a cached step) the state's image.</summary>
    public async Task AdoptAsync(ImageRecord image, BuildState state)
    {
        var config = await Store.ReadConfigAsync(image, cancellationToken);
        state.Inherit(image, await Store.ReadManifestAsync(image, cancellationToken), config, Store.LayerDirectories(config));
    }

    /// <summary>Stores the state as an image, annotated with the step's cache key.</summary>
    public async Task<ImageRecord> CommitAsync(BuildState state, string cacheKey)
    {
        var image = await session.CommitAsync(state.ToConfig(DateTimeOffset.UtcNow), state.Layers, state.Size, [], cancellationToken,
            new Dictionary<string, string> { [BuildCache.KeyAnnotation] = cacheKey });
        state.ImageId = image.Id;
        return image;
    }

    /// <summary>The sources of COPY/ADD, variables expanded; the last word is the destination.</summary>
    public static List<string> CopyWords(ContainerfileInstruction instruction, BuildState state) =>
        (instruction.ExecForm ?? KeyValueParser.SplitWords(instruction.Arguments))
            .Select(w => VariableExpander.Expand(w, state.Variables()))
            .ToList();

    private async Task<bool> WorkdirAsync(string path, BuildState state)
    {
        var absolute = path.StartsWith('/') ? path : $"{state.WorkingDir ?? "/"}/{path}";
        state.WorkingDir = "/" + LayerPath.Normalize(absolute);
        if (ExistsInImage(state, state.WorkingDir))
        {
            return false;
        }
        var staging = Store.Layout.NewTempPath("stage");
        Directory.CreateDirectory(Path.Combine(staging, LayerPath.Normalize(state.WorkingDir)));
        await AddLayerAsync(staging, state);
        return true;
    }

    private async Task<bool> CopyAsync(ContainerfileInstruction instruction, BuildState state, CopySource copy)
    {
        var words = CopyWords(instruction, state);
        var destination = words[^1].StartsWith('/') ? words[^1] : $"{state.WorkingDir ?? "/"}/{words[^1]}";
        var owner = instruction.Flags.TryGetValue("chown", out var chown) ? UserResolver.Resolve(chown, PasswdRoot(state)) : ContainerUser.Root;
        uint? mode = null;
        if (instruction.Flags.TryGetValue("chmod", out var chmod))
        {
            mode = uint.TryParse(chmod, NumberStyles.None, CultureInfo.InvariantCulture, out _) && chmod.All(c => c is >= '0' and <= '7')
                ? Convert.ToUInt32(chmod, 8)
                : throw new BerthException($"invalid --chmod value {chmod}: expected an octal mode");
        }
        var staging = Store.Layout.NewTempPath("stage");
        var files = new BlobTransfer(copy.Content.Digest, BlobKind.Files, copy.Content.Size);
        await output.Display.ShowAsync(async progress =>
        {
            progress.BlobStarted(files);
            await copy.Copier.CopyAsync(copy.Paths, destination, staging, owner, mode, copy.ExtractArchives, bytes => progress.BlobAdvanced(files, bytes), cancellationToken);
            progress.BlobFinished(files, BlobOutcome.Copied);
            return true;
        });
        await AddLayerAsync(staging, state);
        return true;
    }

    private async Task<bool> RunAsync(ContainerfileInstruction instruction, BuildState state)
    {
        var scratch = Store.Layout.NewTempPath("run");
        var upper = Path.Combine(scratch, "upper");
        Directory.CreateDirectory(upper);
        try
        {
            var exitCode = await runner.RunAsync(new TransientContainerRequest
            {
                LowerDirectories = [.. state.LayerDirectories],
                UpperDirectory = upper,
                Args = instruction.ExecForm ?? [.. state.Shell, instruction.Arguments],
                Env = state.RunEnvironment(),
                WorkingDir = state.WorkingDir ?? "/",
                User = state.User,
                Network = request.Network,
            }, output.Stdout, output.Stderr, cancellationToken);
            if (exitCode != 0)
            {
                throw new BerthException($"RUN {instruction.Arguments}: exit status {exitCode}");
            }
            if (LayerDiffer.IsEmpty(upper))
            {
                return false;
            }
            await AddLayerAsync(upper, state);
            return true;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>Turns a directory of changes into a gzip layer on top of the image so far, shown as the layer's commit.</summary>
    private async Task AddLayerAsync(string changes, BuildState state)
    {
        var tarPath = Store.Layout.NewTempPath("layer");
        try
        {
            BlobTransfer layer;
            await using (var tar = new HashingStream(File.Create(tarPath)))
            {
                await LayerDiffer.WriteAsync(changes, tar, cancellationToken);
                layer = new BlobTransfer(tar.Digest, BlobKind.Commit, tar.BytesHashed);
            }
            state.AddLayer(await output.Display.ShowAsync(async progress =>
            {
                progress.BlobStarted(layer);
                // The session reads the tar twice at once (unpack and compress): the bar counts half of what both reads moved.
                var moved = new long[2];
                var reads = 0;
                var ingested = await session.AddLayerAsync(() =>
                {
                    var pass = reads++;
                    return new ProgressStream(File.OpenRead(tarPath), 0, bytes =>
                    {
                        Interlocked.Exchange(ref moved[pass], bytes);
                        progress.BlobAdvanced(layer, (Interlocked.Read(ref moved[0]) + Interlocked.Read(ref moved[1])) / 2);
                    });
                }, state.ChainId, cancellationToken);
                progress.BlobFinished(layer, BlobOutcome.Copied);
                return ingested;
            }));
        }
        finally
        {
            File.Delete(tarPath);
            if (Directory.Exists(changes))
            {
                Directory.Delete(changes, recursive: true);
            }
        }
    }

    /// <summary>Whether a path exists in the image so far, judged from its snapshots top down (whiteouts hide).</summary>
    private static bool ExistsInImage(BuildState state, string path)
    {
        var relative = LayerPath.Normalize(path);
        if (relative.Length == 0)
        {
            return true;
        }
        foreach (var layer in Enumerable.Reverse(state.LayerDirectories))
        {
            if (Posix.TryLStat(Path.Combine(layer, relative), out var status))
            {
                return !status.IsWhiteoutDevice;
            }
        }
        return false;
    }

    /// <summary>The topmost layer holding /etc/passwd, where --chown names are looked up.</summary>
    private static string PasswdRoot(BuildState state) =>
        Enumerable.Reverse(state.LayerDirectories).FirstOrDefault(d => File.Exists(Path.Combine(d, "etc", "passwd"))) ?? "/nonexistent";
}

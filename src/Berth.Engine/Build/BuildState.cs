using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Build;

/// <summary>The image so far, as the instructions change it: its layers, its config and the variables in scope.</summary>
internal sealed class BuildState
{
    public List<OciDescriptor> Layers { get; } = [];
    public List<string> DiffIds { get; } = [];
    public List<string> LayerDirectories { get; } = [];
    public List<OciHistory> History { get; } = [];
    public long Size { get; set; }
    public Digest? ChainId { get; set; }

    /// <summary>The image this state is stored as (the last step's, from the cache or committed); null from scratch.</summary>
    public string? ImageId { get; set; }

    public List<string> Env { get; private set; } = [];
    public List<string>? Cmd { get; set; }
    public List<string>? Entrypoint { get; set; }
    public string? User { get; set; }
    public string? WorkingDir { get; set; }
    public SortedSet<string> ExposedPorts { get; private set; } = new(StringComparer.Ordinal);
    public SortedSet<string> Volumes { get; private set; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Labels { get; private set; } = [];
    public string? StopSignal { get; set; }
    public List<string> Shell { get; set; } = ["/bin/sh", "-c"];
    public OciHealthcheck? Healthcheck { get; set; }

    /// <summary>ONBUILD triggers: the FROM image's until the stage runs them, then this Containerfile's.</summary>
    public List<string> OnBuild { get; private set; } = [];

    /// <summary>Whether CMD was set by this Containerfile (ENTRYPOINT clears an inherited CMD only).</summary>
    public bool CmdSetHere { get; set; }

    /// <summary>ARGs declared in this stage, with their values.</summary>
    public Dictionary<string, string> Args { get; } = [];

    /// <summary>
    /// Takes an image's layers, config and history: the FROM image, or a step's cached result.
    /// Build-time state (ARGs, SHELL, whether CMD was set) is not in the image and stays.
    /// </summary>
    public void Inherit(ImageRecord image, OciManifest manifest, OciImage config, IReadOnlyList<string> layerDirectories)
    {
        ImageId = image.Id;
        Layers.Clear();
        Layers.AddRange(manifest.Layers);
        DiffIds.Clear();
        DiffIds.AddRange(config.RootFs.DiffIds);
        LayerDirectories.Clear();
        LayerDirectories.AddRange(layerDirectories);
        History.Clear();
        History.AddRange(config.History ?? []);
        Size = image.LayersSize;
        ChainId = Snapshots.ChainId.All(DiffIds.Select(Digest.Parse)).LastOrDefault();
        var c = config.Config ?? new OciContainerConfig();
        Env = [.. c.Env ?? []];
        Cmd = c.Cmd;
        Entrypoint = c.Entrypoint;
        User = c.User;
        WorkingDir = c.WorkingDir;
        ExposedPorts = new(c.ExposedPorts?.Keys.AsEnumerable() ?? [], StringComparer.Ordinal);
        Volumes = new(c.Volumes?.Keys.AsEnumerable() ?? [], StringComparer.Ordinal);
        Labels = new(c.Labels ?? []);
        StopSignal = c.StopSignal;
        Healthcheck = c.Healthcheck;
        OnBuild = [.. c.OnBuild ?? []];
    }

    public void AddLayer(IngestedLayer layer)
    {
        Layers.Add(layer.Blob);
        DiffIds.Add(layer.Snapshot.DiffId.ToString());
        LayerDirectories.Add(layer.Snapshot.Directory);
        Size += layer.Snapshot.Size;
        ChainId = layer.Snapshot.ChainId;
    }

    public void SetEnv(string name, string value)
    {
        Env.RemoveAll(e => e.StartsWith($"{name}=", StringComparison.Ordinal));
        Env.Add($"{name}={value}");
    }

    /// <summary>What $NAME means in an instruction: build args in scope, overridden by ENV.</summary>
    public Dictionary<string, string> Variables()
    {
        var variables = new Dictionary<string, string>(Args);
        foreach (var entry in Env)
        {
            var equals = entry.IndexOf('=');
            if (equals > 0)
            {
                variables[entry[..equals]] = entry[(equals + 1)..];
            }
        }
        return variables;
    }

    /// <summary>The environment of a RUN step: the image's ENV plus the ARGs it does not override.</summary>
    public List<string> RunEnvironment()
    {
        var names = Env.Select(e => e[..Math.Max(0, e.IndexOf('='))]).ToHashSet();
        return [.. Env, .. Args.Where(a => !names.Contains(a.Key)).Select(a => $"{a.Key}={a.Value}")];
    }

    public OciImage ToConfig(DateTimeOffset created) => new()
    {
        Created = created,
        Config = new OciContainerConfig
        {
            User = User,
            Env = Env.Count > 0 ? Env : null,
            Cmd = Cmd,
            Entrypoint = Entrypoint,
            WorkingDir = WorkingDir,
            ExposedPorts = ExposedPorts.Count > 0 ? ExposedPorts.ToDictionary(p => p, _ => new EmptyObject()) : null,
            Volumes = Volumes.Count > 0 ? Volumes.ToDictionary(v => v, _ => new EmptyObject()) : null,
            Labels = Labels.Count > 0 ? Labels : null,
            StopSignal = StopSignal,
            Healthcheck = Healthcheck,
            OnBuild = OnBuild.Count > 0 ? [.. OnBuild] : null,
        },
        RootFs = new OciRootFs { DiffIds = [.. DiffIds] },
        History = History,
    };
}

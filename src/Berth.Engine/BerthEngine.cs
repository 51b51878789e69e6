using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Pods;
using Berth.Engine.Store;
using Berth.Engine.Volumes;

namespace Berth.Engine;

/// <summary>
/// The engine as a library: one engine root's images and containers, composed once. The CLI, the Docker
/// API socket and the node agent all open it the same way and map its typed errors
/// (<see cref="NotFoundException"/>, <see cref="ConflictException"/>, <see cref="InUseException"/>,
/// <see cref="InvalidArgumentException"/>) to exit codes or HTTP statuses.
/// </summary>
public sealed class BerthEngine
{
    private BerthEngine(EngineOptions options)
    {
        Options = options;
        Root = Path.GetFullPath(options.Root);
        Images = new ImageStore(new EngineLayout(Root));
        Network = options.Networking ? new CniContainerNetwork(Root) : null;
        Containers = new ContainerEngine(Root, options.Runtime, Images, Network, options.ExitCommand, options.Time, nameServerCommand: options.NameServerCommand,
            self: options.SelfCommand is { } self ? new Health.EngineSelfCommand(self) : null);
        Pods = new PodEngine(Root, Containers, Images, Network);
        Committer = new Build.ContainerCommitter(Images, Containers);
    }

    public EngineOptions Options { get; }

    /// <summary>The engine root, made absolute.</summary>
    public string Root { get; }

    public ImageStore Images { get; }

    public CniContainerNetwork? Network { get; }

    public ContainerEngine Containers { get; }

    /// <summary>Engine pods: containers sharing an infra container's network, IPC and UTS namespaces.</summary>
    public PodEngine Pods { get; }

    /// <summary>`commit`: images made from containers.</summary>
    public Build.ContainerCommitter Committer { get; }

    /// <summary>User networks: the containers' (a creation checks the networks it names).</summary>
    public NetworkStore Networks => Containers.Networks;

    /// <summary>Named volumes: the containers' (a creation makes a volume it names).</summary>
    public VolumeStore Volumes => Containers.Volumes;

    public static BerthEngine Open(EngineOptions options) => new(options);
}

using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Network;

namespace Berth.Engine.Pods;

/// <summary>Composes the engine pods of one root: what `berth pod`, `run --pod` and `kube play` use.</summary>
public sealed class PodEngine
{
    public PodEngine(string engineRoot, ContainerEngine containers, ImageStore images, CniContainerNetwork? network)
    {
        Store = new PodStore(engineRoot);
        Creator = new PodCreator(Store, containers, new PauseImage(images), network);
        Lifecycle = new PodLifecycle(Store, containers, Creator);
        Top = new PodTop(Lifecycle, containers.Top);
        Members = new PodMemberCreator(Store, Creator, Lifecycle, containers);
    }

    public PodStore Store { get; }
    public PodCreator Creator { get; }
    public PodLifecycle Lifecycle { get; }
    public PodTop Top { get; }
    public PodMemberCreator Members { get; }
}

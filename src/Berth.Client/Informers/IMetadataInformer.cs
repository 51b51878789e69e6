using k8s;
using k8s.Models;

namespace Berth.Client.Informers;

/// <summary>
/// An informer read through its objects' metadata alone, whatever its model type: the garbage
/// collector follows every resource this way, sharing a typed informer where the process runs one.
/// </summary>
public interface IMetadataInformer : IInformer
{
    /// <summary>Adds a handler; it is first told of every object already cached, as an add.</summary>
    void AddHandler(IInformerHandler<IKubernetesObject<V1ObjectMeta>> handler);

    /// <summary>A view: the same watch and cache, its own handlers, which leave when its <see cref="IInformer.RunAsync"/> is cancelled.</summary>
    IMetadataInformer MetadataView();
}

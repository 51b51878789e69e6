using Berth.Client.Informers;
using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Agent.ClusterDns;

/// <summary>Keeps a <see cref="ClusterDnsModel"/> equal to the cluster's Services and EndpointSlices through shared informers.</summary>
public static class ClusterDnsFeed
{
    /// <summary>Registers the model's handlers; the factory's informers fill it once they run.</summary>
    public static void Follow(InformerFactory informers, ClusterDnsModel model)
    {
        informers.For(KubeResources.Services).AddHandler(new InformerHandler<V1Service>(model.Upsert, deleted: model.Remove));
        informers.For(KubeResources.EndpointSlices).AddHandler(new InformerHandler<V1EndpointSlice>(model.Upsert, deleted: model.Remove));
    }
}

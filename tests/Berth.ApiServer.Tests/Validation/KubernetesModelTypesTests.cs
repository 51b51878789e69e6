using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Validation;

public class KubernetesModelTypesTests
{
    [Theory]
    [InlineData("v1", "Namespace")]
    [InlineData("v1", "Pod")]
    [InlineData("v1", "Binding")]
    [InlineData("v1", "Service")]
    [InlineData("v1", "Endpoints")]
    [InlineData("v1", "ConfigMap")]
    [InlineData("v1", "Secret")]
    [InlineData("v1", "ServiceAccount")]
    [InlineData("v1", "Event")]
    [InlineData("v1", "Node")]
    [InlineData("v1", "PersistentVolume")]
    [InlineData("v1", "PersistentVolumeClaim")]
    [InlineData("v1", "LimitRange")]
    [InlineData("v1", "ResourceQuota")]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("apps/v1", "ReplicaSet")]
    [InlineData("apps/v1", "DaemonSet")]
    [InlineData("apps/v1", "StatefulSet")]
    [InlineData("apps/v1", "ControllerRevision")]
    [InlineData("batch/v1", "Job")]
    [InlineData("batch/v1", "CronJob")]
    [InlineData("coordination.k8s.io/v1", "Lease")]
    [InlineData("discovery.k8s.io/v1", "EndpointSlice")]
    [InlineData("autoscaling/v2", "HorizontalPodAutoscaler")]
    [InlineData("autoscaling/v1", "Scale")]
    [InlineData("networking.k8s.io/v1", "NetworkPolicy")]
    [InlineData("networking.k8s.io/v1", "Ingress")]
    [InlineData("events.k8s.io/v1", "Event")]
    [InlineData("rbac.authorization.k8s.io/v1", "Role")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")]
    public void Find_ServedKind_HasModelTypeWithObjectSchema(string apiVersion, string kind)
    {
        var type = KubernetesModelTypes.Find(GroupVersionKind.FromApiVersion(apiVersion, kind));
        Assert.NotNull(type);
        var schema = ModelSchema.For(type);
        Assert.Equal(SchemaKind.Object, schema.Kind);
        Assert.NotNull(schema.Field("metadata"));
        Assert.NotNull(schema.Field("apiVersion"));
    }

    [Fact]
    public void Find_UnknownKind_IsNull()
    {
        Assert.Null(KubernetesModelTypes.Find(new GroupVersionKind("example.com", "v1", "Widget")));
    }

    [Fact]
    public void FromApiVersion_CoreAndGroup_SplitsGroup()
    {
        Assert.Equal(new GroupVersionKind("", "v1", "Pod"), GroupVersionKind.FromApiVersion("v1", "Pod"));
        Assert.Equal("apps/v1", GroupVersionKind.FromApiVersion("apps/v1", "Deployment").ApiVersion);
    }
}

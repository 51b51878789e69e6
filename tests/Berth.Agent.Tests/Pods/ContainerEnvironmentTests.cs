using System.Text;
using Berth.Agent.Pods;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public class ContainerEnvironmentTests
{
    private static readonly V1Pod Pod = new()
    {
        Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "shop" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] },
    };

    private static readonly V1ConfigMap Settings = new()
    {
        Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "shop" },
        Data = new Dictionary<string, string> { ["MODE"] = "fast", ["log.level"] = "debug", ["1st"] = "x" },
    };

    private static readonly V1Secret Credentials = new()
    {
        Metadata = new V1ObjectMeta { Name = "credentials", NamespaceProperty = "shop" },
        Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes("s3cret") },
    };

    private static readonly ContainerEnvironment.Sources Read = new(
        new Dictionary<string, V1ConfigMap?> { ["settings"] = Settings, ["absent"] = null },
        new Dictionary<string, V1Secret?> { ["credentials"] = Credentials, ["absent"] = null });

    private static readonly Dictionary<string, ResourceQuantity> Allocatable = new() { ["cpu"] = new("2"), ["memory"] = new("4Gi") };

    private static readonly KeyValuePair<string, string>[] ServiceVariables = [new("KUBERNETES_SERVICE_HOST", "10.43.0.1"), new("KUBERNETES_SERVICE_PORT", "443")];

    [Fact]
    public void EnvFromThenEnvThenServices_LaterDeclarationsWin_ValuesExpandFromEarlierAndServiceVariables()
    {
        var container = new V1Container
        {
            Name = "app",
            EnvFrom =
            [
                new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" } },
                new V1EnvFromSource { Prefix = "DB_", SecretRef = new V1SecretEnvSource { Name = "credentials" } },
            ],
            Env =
            [
                new V1EnvVar { Name = "MODE", Value = "slow" },
                new V1EnvVar { Name = "URL", Value = "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)/$(MODE)?p=$(DB_password)&q=$(LATER)&$$(MODE)" },
                new V1EnvVar { Name = "LATER", Value = "x" },
                new V1EnvVar { Name = "EMPTY" },
                new V1EnvVar { Name = "KUBERNETES_SERVICE_PORT", Value = "6443" },
            ],
        };

        var result = ContainerEnvironment.Build(Pod, container, Read, ServiceVariables, _ => null, Allocatable);

        Assert.Equal(
        [
            new("MODE", "slow"),
            new("log.level", "debug"),
            new("DB_password", "s3cret"),
            new("URL", "https://10.43.0.1:443/slow?p=s3cret&q=$(LATER)&$(MODE)"),
            new("LATER", "x"),
            new("EMPTY", ""),
            new("KUBERNETES_SERVICE_PORT", "6443"),
            new("KUBERNETES_SERVICE_HOST", "10.43.0.1"),
        ], result.Variables);
        Assert.Equal(["Keys [1st] from the EnvFrom configMap shop/settings were skipped since they are considered invalid environment variable names."], result.Skipped);
    }

    [Fact]
    public void ValueFrom_KeysOfConfigMapsAndSecrets_FieldsThroughTheResolver_AndContainersResources()
    {
        var container = new V1Container
        {
            Name = "app",
            Env =
            [
                new V1EnvVar { Name = "M", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "MODE" } } },
                new V1EnvVar { Name = "P", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "credentials", Key = "password" } } },
                new V1EnvVar { Name = "N", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
                new V1EnvVar { Name = "C", ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = "limits.cpu" } } },
                new V1EnvVar
                {
                    Name = "S",
                    ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = "limits.memory", ContainerName = "sidecar", Divisor = new("1Mi") } },
                },
            ],
        };
        var pod = new V1Pod
        {
            Metadata = Pod.Metadata,
            Spec = new V1PodSpec
            {
                Containers =
                [
                    container,
                    new V1Container { Name = "sidecar", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } } },
                ],
            },
        };

        var result = ContainerEnvironment.Build(pod, container, Read, [], path => path == "metadata.name" ? "web-1" : null, Allocatable);

        // No CPU limit of its own: the node's allocatable; the sidecar's memory limit in MiB.
        Assert.Equal([new("M", "fast"), new("P", "s3cret"), new("N", "web-1"), new("C", "2"), new("S", "64")], result.Variables);
    }

    public static TheoryData<V1EnvVarSource> OptionalAndMissing => new()
    {
        new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "absent", Key = "k", Optional = true } },
        new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "nope", Optional = true } },
        new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "absent", Key = "k", Optional = true } },
        new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "credentials", Key = "nope", Optional = true } },
    };

    [Theory]
    [MemberData(nameof(OptionalAndMissing))]
    public void OptionalSourceThatIsMissing_SetsNothing(V1EnvVarSource source)
    {
        var container = new V1Container { Name = "app", Env = [new V1EnvVar { Name = "V", ValueFrom = source }] };

        Assert.Empty(ContainerEnvironment.Build(Pod, container, Read, [], _ => null, Allocatable).Variables);
    }

    public static TheoryData<V1EnvVarSource, string> RequiredAndMissing => new()
    {
        { new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "absent", Key = "k" } }, "configmap \"absent\" not found" },
        { new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "nope" } }, "couldn't find key nope in ConfigMap shop/settings" },
        { new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "absent", Key = "k", Optional = false } }, "secret \"absent\" not found" },
        { new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "credentials", Key = "nope" } }, "couldn't find key nope in Secret shop/credentials" },
        {
            new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = "limits.cpu", ContainerName = "gone" } },
            "env V of container app: the pod has no container gone"
        },
    };

    [Theory]
    [MemberData(nameof(RequiredAndMissing))]
    public void RequiredSourceThatIsMissing_StopsTheStartWithKubesConfigError(V1EnvVarSource source, string message)
    {
        var container = new V1Container { Name = "app", Env = [new V1EnvVar { Name = "V", ValueFrom = source }] };

        var error = Assert.Throws<PodStartException>(() => ContainerEnvironment.Build(Pod, container, Read, [], _ => null, Allocatable));

        Assert.Equal("CreateContainerConfigError", error.Reason);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "secret \"absent\" not found")]
    public void EnvFromAMissingObject_FailsUnlessOptional(bool optional, string? message)
    {
        var container = new V1Container
        {
            Name = "app",
            EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "absent", Optional = optional } }],
        };

        var build = () => ContainerEnvironment.Build(Pod, container, Read, [], _ => null, Allocatable);

        if (message is null)
        {
            Assert.Empty(build().Variables);
        }
        else
        {
            Assert.Equal(message, Assert.Throws<PodStartException>(build).Message);
        }
    }
}

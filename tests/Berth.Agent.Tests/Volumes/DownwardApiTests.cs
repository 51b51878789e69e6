using System.Text;
using Berth.Agent.Volumes;
using k8s.Models;

namespace Berth.Agent.Tests.Volumes;

public class DownwardApiTests
{
    [Fact]
    public void DownwardApi_LabelsAndAnnotationsAreSortedQuotedLines_FieldsAreTheirValues_ModesPerItem()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web-1",
                NamespaceProperty = "shop",
                Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "web" },
                Annotations = new Dictionary<string, string> { ["note"] = "say \"hi\"\nthen" },
            },
        };
        IList<V1DownwardAPIVolumeFile> items =
        [
            new() { Path = "labels", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels" } },
            new() { Path = "annotations", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations" } },
            new() { Path = "name", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" }, Mode = 0x100 },
            new() { Path = "tier", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels['tier']" } },
        ];

        var files = ApiDataProjector.DownwardApi(pod, items, 0x1A4, new Dictionary<string, ResourceQuantity>());

        Assert.Equal("app=\"web\"\ntier=\"front\"", Text(files["labels"]));
        Assert.Equal("note=\"say \\\"hi\\\"\\nthen\"", Text(files["annotations"]));
        Assert.Equal("web-1", Text(files["name"]));
        Assert.Equal(0x100, files["name"].Mode);
        Assert.Equal("front", Text(files["tier"]));
        Assert.Equal(0x1A4, files["tier"].Mode);
    }

    [Fact]
    public void DownwardApi_ResourceFieldRef_IsTheNamedContainersValue_AnUnsetLimitTheNodesAllocatable()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "shop" },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container { Name = "app", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } } },
                ],
            },
        };
        IList<V1DownwardAPIVolumeFile> items =
        [
            new() { Path = "mem", ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "app", Resource = "limits.memory", Divisor = new("1Mi") } },
            new() { Path = "cpu", ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "app", Resource = "limits.cpu", Divisor = new("1m") } },
        ];

        var files = ApiDataProjector.DownwardApi(pod, items, 0x1A4, new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2") });

        Assert.Equal("64", Text(files["mem"]));
        Assert.Equal("2000", Text(files["cpu"]));
    }

    [Fact]
    public void DownwardApi_ResourceFieldRefOfAContainerThePodLacks_FailsTheSetUp()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "web-1" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] } };
        IList<V1DownwardAPIVolumeFile> items = [new() { Path = "cpu", ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "gone", Resource = "limits.cpu" } }];

        var error = Assert.Throws<VolumeSetUpException>(() => ApiDataProjector.DownwardApi(pod, items, 0x1A4, new Dictionary<string, ResourceQuantity>()));

        Assert.Equal("downwardAPI item \"cpu\": the pod has no container gone", error.Message);
    }

    private static string Text(FileProjection file) => Encoding.UTF8.GetString(file.Data);
}

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

        var files = ApiDataProjector.DownwardApi(pod, items, 0x1A4);

        Assert.Equal("app=\"web\"\ntier=\"front\"", Text(files["labels"]));
        Assert.Equal("note=\"say \\\"hi\\\"\\nthen\"", Text(files["annotations"]));
        Assert.Equal("web-1", Text(files["name"]));
        Assert.Equal(0x100, files["name"].Mode);
        Assert.Equal("front", Text(files["tier"]));
        Assert.Equal(0x1A4, files["tier"].Mode);
    }

    private static string Text(FileProjection file) => Encoding.UTF8.GetString(file.Data);
}

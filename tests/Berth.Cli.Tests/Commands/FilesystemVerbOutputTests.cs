using System.Text.Json.Nodes;
using Berth.Cli.Commands;
using Berth.Engine.Containers.Changes;
using Berth.Engine.Images;
using Berth.Engine.Store;

namespace Berth.Cli.Tests.Commands;

public class FilesystemVerbOutputTests
{
    [Fact]
    public void DiffJson_KindsGrouped_EmptyOnesLeftOut()
    {
        var json = JsonNode.Parse(ContainerDiffCommand.Json([new("/tmp", ChangeKind.Modified), new("/tmp/x", ChangeKind.Added)]))!.AsObject();

        Assert.Equal(["changed", "added"], json.Select(p => p.Key));
        Assert.Equal("/tmp/x", (string?)json["added"]![0]);
    }

    [Fact]
    public void ImageTree_TwoLayers_PodmansDrawing_SizesRightAlignedInSevenColumns()
    {
        var bottom = Digest.FromHex(new string('a', 64));
        var top = Digest.FromHex(new string('b', 64));
        var image = new ImageRecord { Id = "sha256:" + new string('c', 64), Manifest = "sha256:" + new string('d', 64), Names = ["localhost/x:1"], LayersSize = 4_126_000, DataSize = 1_000 };

        var text = ImageTreeCommand.Render(new ImageLayerTree(image, [new TreeLayer(bottom, 1_997_000, ["localhost/bb:1"]), new TreeLayer(top, 2_130_000, ["localhost/x:1"])]));

        Assert.Equal("""
            Image ID: cccccccccccc
            Tags:     [localhost/x:1]
            Size:     4.127MB
            Image Layers
            ├── ID: aaaaaaaaaaaa Size: 1.997MB Top Layer of: [localhost/bb:1]
            └── ID: bbbbbbbbbbbb Size:  2.13MB Top Layer of: [localhost/x:1]


            """.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void InfoGoFields_RaiseKeysAsPodmansStructs()
    {
        var fields = InfoCommand.GoFields(new JsonObject { ["host"] = new JsonObject { ["arch"] = "amd64", ["os"] = "linux", ["cpus"] = 2 }, ["version"] = new JsonObject { ["APIVersion"] = "1" } });

        Assert.Equal("amd64", (string?)fields["Host"]!["Arch"]);
        Assert.Equal("linux", (string?)fields["Host"]!["OS"]);
        Assert.Equal(2, (int?)fields["Host"]!["CPUs"]);
        Assert.Equal("1", (string?)fields["Version"]!["APIVersion"]);
    }
}

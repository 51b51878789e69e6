using System.Text.Json;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Images;

/// <summary>`tag`, `untag`, `history` and `image exists` on the imported busybox image, with Podman 4.3's output.</summary>
public sealed class ImageVerbTests(BusyboxEngineRoot root) : IClassFixture<BusyboxEngineRoot>
{
    [Fact]
    public async Task TagUntagExists_NamesComeAndGo()
    {
        var tag = await root.BerthAsync("tag", BusyboxEngineRoot.Image, "app:1", "example.com/team/app:2");
        var names = await root.BerthAsync("images", "--format", "{{.Repository}}:{{.Tag}}");
        var exists = await root.BerthAsync("image", "exists", "localhost/app:1");
        var untag = await root.BerthAsync("untag", "app:1", "app:1", "example.com/team/app:2");
        var gone = await root.BerthAsync("image", "exists", "app:1");
        var missingTag = await root.BerthAsync("untag", BusyboxEngineRoot.Image, "localhost/nope:1");
        var missingImage = await root.BerthAsync("tag", "nope", "x");

        Assert.Equal((0, ""), (tag.ExitCode, tag.Stdout));
        Assert.Equal(["example.com/team/app:2", "localhost/app:1", "localhost/busybox:test"], names.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal((0, ""), (exists.ExitCode, exists.Stdout));
        Assert.Equal((0, ""), (untag.ExitCode, untag.Stdout));
        Assert.Equal((1, ""), (gone.ExitCode, gone.Stdout));
        Assert.Equal((125, "Error: localhost/nope:1: tag not known\n"), (missingTag.ExitCode, missingTag.Stderr));
        Assert.Equal((125, "Error: nope: image not known\n"), (missingImage.ExitCode, missingImage.Stderr));
        Assert.Equal(0, (await root.BerthAsync("image", "exists", BusyboxEngineRoot.Image)).ExitCode);
    }

    [Fact]
    public async Task History_ImportedImage_PodmansColumnsQuietAndJson()
    {
        var id = (await root.BerthAsync("images", "-q", "--no-trunc", "--filter", "reference=" + BusyboxEngineRoot.Image)).Stdout.Trim()["sha256:".Length..];

        var table = await root.BerthAsync("history", BusyboxEngineRoot.Image);
        var quiet = await root.BerthAsync("history", "-q", BusyboxEngineRoot.Image);
        var json = await root.BerthAsync("history", "--format", "json", BusyboxEngineRoot.Image);
        var noTrunc = await root.BerthAsync("history", "--no-trunc", "-H=false", "--format", "{{.ID}} {{.Created}}", BusyboxEngineRoot.Image);
        var missing = await root.BerthAsync("history", "nope");

        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$", lines[0]);
        Assert.Matches($@"^{id[..12]}\s+.+ ago\s+berth image import rootfs.tar\s+\d", lines[1]);
        Assert.Equal(id[..12] + "\n", quiet.Stdout);
        var step = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(id, step.GetProperty("id").GetString());
        Assert.Equal("berth image import rootfs.tar", step.GetProperty("CreatedBy").GetString());
        Assert.True(step.GetProperty("size").GetInt64() > 0);
        Assert.Matches($@"^{id} \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$", noTrunc.Stdout);
        Assert.Equal((125, "Error: nope: image not known\n"), (missing.ExitCode, missing.Stderr));
    }
}

using System.Runtime.Versioning;
using Berth.Acceptance.Containers;
using Berth.Acceptance.Images;

namespace Berth.Acceptance.Volumes;

/// <summary>
/// Anonymous volumes (an image's VOLUME, `-v /path`), copy-up of the image's content into fresh volumes, `--volumes-from`,
/// and what `rm -v`, `--rm` and `volume prune` take along, on a real root with real runc, as Podman 4.3 does.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AnonymousVolumeTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    private const string VolumeImage = "localhost/seeded-volume:1";

    [Fact]
    public async Task ImageVolume_AnonymousCopiedUpSharedByVolumesFromAndRemovedWithRmV()
    {
        await BuildVolumeImageAsync();
        try
        {
            var first = await BerthAsync("run", "--name", "owner", "--network", "none", VolumeImage, "sh", "-c", "cat /data/sub/f; stat -c '%u:%g %a' /data /data/sub/f");
            var anonymous = (await BerthAsync("volume", "ls", "-q")).Stdout.Trim();
            var flagged = await BerthAsync("volume", "inspect", "--format", "{{.Anonymous}}", anonymous);
            var readOnly = await BerthAsync("run", "--name", "reader", "--network", "none", "--volumes-from", "owner:ro", VolumeImage, "sh", "-c", "cat /data/sub/f; touch /data/x");
            var volumesAfterReader = (await BerthAsync("volume", "ls", "-q")).Stdout;
            var ownerGone = await BerthAsync("rm", "-v", "owner");
            var keptForReader = await BerthAsync("volume", "exists", anonymous);
            var readerGone = await BerthAsync("rm", "-v", "reader");
            var removedWithLastUser = await BerthAsync("volume", "exists", anonymous);

            Assert.True(first.ExitCode == 0, first.Stderr);
            Assert.Equal("seeded\n1000:1000 750\n1000:1000 640\n", first.Stdout);
            Assert.Matches("^[0-9a-f]{64}$", anonymous);
            Assert.Equal("true\n", flagged.Stdout);
            Assert.NotEqual(0, readOnly.ExitCode);
            Assert.StartsWith("seeded\n", readOnly.Stdout);
            Assert.Contains("Read-only file system", readOnly.Stderr);
            Assert.Equal(anonymous + "\n", volumesAfterReader);
            Assert.Equal(0, ownerGone.ExitCode);
            Assert.Equal(0, keptForReader.ExitCode);
            Assert.Equal(0, readerGone.ExitCode);
            Assert.Equal(1, removedWithLastUser.ExitCode);
        }
        finally
        {
            await Root.RemoveAllContainersAsync();
            await BerthAsync("volume", "prune", "-f");
        }
    }

    [Fact]
    public async Task NamedAndDashVPathVolumes_CopyUpRmAndPrune_AsPodman()
    {
        await BuildVolumeImageAsync();
        try
        {
            var named = await BerthAsync("run", "--rm", "--network", "none", "-v", "seeded:/data", VolumeImage, "cat", "/data/sub/f");
            var namedAgain = await BerthAsync("run", "--rm", "--network", "none", "-v", "seeded:/data", VolumeImage, "sh", "-c", "echo mine > /data/sub/f");
            var notRecopied = await BerthAsync("run", "--rm", "--network", "none", "-v", "seeded:/data", VolumeImage, "cat", "/data/sub/f");
            var autoRemoved = await BerthAsync("run", "--rm", "--network", "none", "-v", "/scratch", Image, "sh", "-c", "echo x > /scratch/f");
            var afterAutoRemove = (await BerthAsync("volume", "ls", "-q")).Stdout;
            var kept = await BerthAsync("create", "--network", "none", "-v", "/scratch", Image, "true");
            var keptVolume = (await BerthAsync("volume", "ls", "-q", "--filter", "name=^[0-9a-f]{64}$")).Stdout.Trim();
            var plainRm = await BerthAsync("rm", kept.Stdout.Trim());
            var afterPlainRm = await BerthAsync("volume", "exists", keptVolume);
            var pruned = await BerthAsync("volume", "prune", "-f");

            Assert.Equal((0, "seeded\n"), (named.ExitCode, named.Stdout));
            Assert.Equal(0, namedAgain.ExitCode);
            Assert.Equal("mine\n", notRecopied.Stdout);
            Assert.True(autoRemoved.ExitCode == 0, autoRemoved.Stderr);
            Assert.Equal("seeded\n", afterAutoRemove);
            Assert.Equal(0, plainRm.ExitCode);
            Assert.Equal(0, afterPlainRm.ExitCode);
            Assert.Equal(0, pruned.ExitCode);
            Assert.Contains(keptVolume, pruned.Stdout);
        }
        finally
        {
            await Root.RemoveAllContainersAsync();
            await BerthAsync("volume", "prune", "-f");
        }
    }

    [Fact]
    public async Task VolumesFrom_BadInput_PodmansErrorAndNothingCreated()
    {
        var missing = await BerthAsync("create", "--network", "none", "-v", "/scratch", "--volumes-from", "nosuch", Image, "true");
        var badOption = await BerthAsync("create", "--network", "none", "--volumes-from", "nosuch:xx", Image, "true");

        Assert.Equal((125, "Error: looking up container \"nosuch\" for volumes-from: no container with name or ID \"nosuch\" found: no such container\n"),
            (missing.ExitCode, missing.Stderr));
        Assert.Equal((125, "Error: invalid option \"xx\" specified - volumes from another container can only use z,ro,rw options\n"), (badOption.ExitCode, badOption.Stderr));
        Assert.Equal("", (await BerthAsync("ps", "-a", "-q")).Stdout);
        Assert.Equal("", (await BerthAsync("volume", "ls", "-q")).Stdout);
    }

    /// <summary>An image whose VOLUME /data holds a file, owned by 1000 with modes of its own (built once per root: the cache answers after).</summary>
    private async Task BuildVolumeImageAsync()
    {
        using var context = new BuildContext().WithContainerfile($"""
            FROM {Image}
            RUN mkdir -p /data/sub && echo seeded > /data/sub/f && chown -R 1000:1000 /data && chmod 750 /data && chmod 640 /data/sub/f
            VOLUME /data
            """);
        var build = await BerthAsync("build", "-t", VolumeImage, context.Path);
        Assert.True(build.ExitCode == 0, build.Stderr);
    }
}

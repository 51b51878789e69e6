using System.Text.Json;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Volumes;

/// <summary>`berth volume …` on a real root, with Podman 4.3's output, messages and exit codes, and named volumes under `run -v` and `--mount`.</summary>
public sealed class VolumeCommandTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Volume_CreateListInspectExistsRemove_RoundTrip()
    {
        var created = await BerthAsync("volume", "create", "--label", "tier=db", "--opt", "type=tmpfs", "-o", "device=tmpfs", "data");
        var generated = await BerthAsync("volume", "create");
        var again = await BerthAsync("volume", "create", "data");
        var badOption = await BerthAsync("volume", "create", "-o", "bogus=1", "other");
        var badName = await BerthAsync("volume", "create", "no/slash");
        var table = await BerthAsync("volume", "ls", "--filter", "name=^data$");
        var quiet = await BerthAsync("volume", "ls", "-q", "--filter", "label=tier=db");
        var format = await BerthAsync("volume", "ls", "--noheading", "--format", "{{.Name}} {{.Driver}} {{.Labels}}", "--filter", "label=tier");
        var inspect = await BerthAsync("volume", "inspect", "data");
        var mountpoint = await BerthAsync("volume", "inspect", "--format", "{{.Mountpoint}} {{.Options}}", "data");
        var missing = await BerthAsync("volume", "inspect", "data", "nope");
        var exists = await BerthAsync("volume", "exists", "data");
        var absent = await BerthAsync("volume", "exists", "nope");

        Assert.Equal((0, "data\n"), (created.ExitCode, created.Stdout));
        Assert.Matches("^[0-9a-f]{64}\n$", generated.Stdout);
        Assert.Equal((125, "Error: volume with name data already exists: volume already exists\n"), (again.ExitCode, again.Stderr));
        Assert.Equal((125, "Error: invalid mount option bogus for driver 'local': invalid argument\n"), (badOption.ExitCode, badOption.Stderr));
        Assert.Equal((125, "Error: running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n"), (badName.ExitCode, badName.Stderr));
        Assert.Equal("DRIVER      VOLUME NAME\nlocal       data\n", table.Stdout);
        Assert.Equal("data\n", quiet.Stdout);
        Assert.Equal("data local map[tier:db]\n", format.Stdout);
        var volume = JsonDocument.Parse(inspect.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal("data", volume.GetProperty("Name").GetString());
        Assert.Equal("local", volume.GetProperty("Driver").GetString());
        Assert.Equal(Path.Combine(Root.Path, "volumes", "data", "_data"), volume.GetProperty("Mountpoint").GetString());
        Assert.Equal("db", volume.GetProperty("Labels").GetProperty("tier").GetString());
        Assert.Equal("tmpfs", volume.GetProperty("Options").GetProperty("type").GetString());
        Assert.Equal("local", volume.GetProperty("Scope").GetString());
        Assert.Equal(0, volume.GetProperty("MountCount").GetInt32());
        Assert.Equal($"{Path.Combine(Root.Path, "volumes", "data", "_data")} map[device:tmpfs type:tmpfs]\n", mountpoint.Stdout);
        Assert.Equal((125, "Error: inspecting object: no such volume nope\n"), (missing.ExitCode, missing.Stderr));
        Assert.Single(JsonDocument.Parse(missing.Stdout).RootElement.EnumerateArray());
        Assert.Equal((0, ""), (exists.ExitCode, exists.Stdout));
        Assert.Equal((1, ""), (absent.ExitCode, absent.Stdout));

        var removed = await BerthAsync("volume", "rm", "data", "nope");
        var gone = await BerthAsync("volume", "exists", "data");
        var all = await BerthAsync("volume", "rm", "--all");

        Assert.Equal((1, "data\n", "Error: no volume with name \"nope\" found: no such volume\n"), (removed.ExitCode, removed.Stdout, removed.Stderr));
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal((0, generated.Stdout), (all.ExitCode, all.Stdout));
    }

    [Fact]
    public async Task Volume_NamedVolume_KeepsDataBetweenContainers()
    {
        var write = await BerthAsync("run", "--rm", "--network", "none", "-v", "shared:/data", Image, "sh", "-c", "echo kept > /data/f");
        var read = await BerthAsync("run", "--rm", "--network", "none", "--mount", "type=volume,source=shared,destination=/data,ro", Image, "cat", "/data/f");
        var readOnly = await BerthAsync("run", "--rm", "--network", "none", "--mount", "type=volume,src=shared,dst=/data,ro=true", Image, "touch", "/data/g");
        var listed = await BerthAsync("volume", "ls", "-q");

        Assert.True(write.ExitCode == 0, write.Stderr);
        Assert.Equal((0, "kept\n"), (read.ExitCode, read.Stdout));
        Assert.NotEqual(0, readOnly.ExitCode);
        Assert.Equal("shared\n", listed.Stdout);
        Assert.Equal(0, (await BerthAsync("volume", "rm", "shared")).ExitCode);
    }

    [Fact]
    public async Task Volume_TmpfsOptions_MountedForItsContainersUntilRemoved()
    {
        var create = await BerthAsync("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m,nodev", "fast");
        var mounts = await BerthAsync("run", "--rm", "--network", "none", "-v", "fast:/data", Image, "sh", "-c", "echo x > /data/f; grep ' /data ' /proc/mounts");
        var kept = await BerthAsync("run", "--rm", "--network", "none", "-v", "fast:/data", Image, "cat", "/data/f");
        var mountpoint = Path.Combine(Root.Path, "volumes", "fast", "_data");
        var hostMounted = File.ReadAllText("/proc/self/mountinfo").Contains($" {mountpoint} ", StringComparison.Ordinal);
        var remove = await BerthAsync("volume", "rm", "fast");

        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.True(mounts.ExitCode == 0, mounts.Stderr);
        Assert.Matches(@"^tmpfs /data tmpfs rw,nodev,.*size=2048k", mounts.Stdout);
        Assert.Equal("x\n", kept.Stdout);
        Assert.True(hostMounted);
        Assert.Equal((0, "fast\n"), (remove.ExitCode, remove.Stdout));
        Assert.DoesNotContain($" {mountpoint} ", File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Volume_RemoveInUse_RefusedWithExit2ThenForcedWithItsContainer()
    {
        var create = await BerthAsync("create", "--network", "none", "-v", "busy:/data", Image, "true");
        var id = create.Stdout.Trim();
        Assert.Equal(0, (await BerthAsync("volume", "create", "loose")).ExitCode);

        var refused = await BerthAsync("volume", "rm", "busy");
        var dangling = await BerthAsync("volume", "ls", "-q", "--filter", "dangling=true");
        var pruned = await BerthAsync("volume", "prune", "-f");
        var forced = await BerthAsync("volume", "rm", "-f", "busy");
        var containers = await BerthAsync("ps", "-a", "-q");

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"Error: volume busy is being used by the following container(s): {id}: volume is being used\n", refused.Stderr);
        Assert.Equal("loose\n", dangling.Stdout);
        Assert.Equal((0, "loose\n"), (pruned.ExitCode, pruned.Stdout));
        Assert.Equal((0, "busy\n"), (forced.ExitCode, forced.Stdout));
        Assert.Equal("", containers.Stdout);
        Assert.Equal(1, (await BerthAsync("volume", "exists", "busy")).ExitCode);
    }

    [Fact]
    public async Task Volume_PruneFilterAndErrors_AsPodman()
    {
        await BerthAsync("volume", "create", "--label", "k=v", "pa");
        await BerthAsync("volume", "create", "pb");

        var filtered = await BerthAsync("volume", "prune", "-f", "--filter", "label=k=v");
        var badFilter = await BerthAsync("volume", "ls", "--filter", "bogus=1");
        var unknownFlag = await BerthAsync("volume", "ls", "--bogus");
        var noTerminal = await BerthAsync("volume", "prune");
        var rest = await BerthAsync("volume", "prune", "-f");

        Assert.Equal((0, "pa\n"), (filtered.ExitCode, filtered.Stdout));
        Assert.Equal((125, "Error: \"bogus\" is an invalid volume filter\n"), (badFilter.ExitCode, badFilter.Stderr));
        Assert.Equal(125, unknownFlag.ExitCode);
        Assert.Equal(125, noTerminal.ExitCode);
        Assert.Equal("pb\n", rest.Stdout);
    }
}

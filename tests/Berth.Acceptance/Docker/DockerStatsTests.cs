using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's `stats` and `top` on Berth's socket, and the stats stream as dockerd sends it.</summary>
public sealed class DockerStatsTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    private const string Image = DockerSocket.Image;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task DockerStatsNoStream_AContainerHoldingTwentyMegabytes_PlausibleFigures()
    {
        await StartHoldingAsync("held");

        var table = await socket.DockerAsync("stats", "--no-stream");
        var row = await socket.DockerAsync("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}|{{.CPUPerc}}", "held");

        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Matches(@"^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE / LIMIT\s+MEM %\s+NET I/O\s+BLOCK I/O\s+PIDS\n", table.Stdout);
        Assert.Contains(" held ", table.Stdout);
        Assert.True(row.ExitCode == 0, row.Stderr);
        var fields = row.Stdout.Trim().Split('|');
        Assert.Equal("held", fields[0]);
        Assert.InRange(MebibytesOf(fields[1].Split(" / ")[0]), 19, 80);
        Assert.Equal("2", fields[2]);
        Assert.Matches(@"^\d+\.\d\d%$", fields[3]);
    }

    [Fact]
    public async Task DockerTop_RunningContainer_ItsProcessesFromTheHostsPs()
    {
        await StartHoldingAsync("shown");

        var top = await socket.DockerAsync("top", "shown");
        var columns = await socket.DockerAsync("top", "shown", "-eo", "pid,comm");

        Assert.True(top.ExitCode == 0, top.Stderr);
        var lines = top.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.EndsWith("sleep 600"));
        Assert.True(columns.ExitCode == 0, columns.Stderr);
        var rows = columns.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^PID\s+COMMAND$", rows[0]);
        // In ps's order, by PID: after a wraparound of PIDs the sleep can come before its shell.
        Assert.Equal(["sh", "sleep"], rows[1..].Select(r => Regex.Match(r, @"^\d+\s+(\S+)$").Groups[1].Value).Order());
    }

    [Fact]
    public async Task DockerTop_StoppedContainer_Conflict()
    {
        var create = await socket.DockerAsync("create", "--name", "stopped", "--network", "none", Image, "true");
        Assert.True(create.ExitCode == 0, create.Stderr);

        var top = await socket.DockerAsync("top", "stopped");

        Assert.NotEqual(0, top.ExitCode);
        Assert.Contains("is not running", top.Stderr);
    }

    [Fact]
    public async Task StatsStream_TwoReadings_EachWithTheOneBeforeAsPrecpu()
    {
        await StartHoldingAsync("streamed");

        using var client = UnixClient();
        using var response = await client.GetAsync("/v1.47/containers/streamed/stats", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        var second = JsonNode.Parse((await reader.ReadLineAsync())!)!;

        Assert.Equal("/streamed", first["name"]!.GetValue<string>());
        Assert.Equal(first["read"]!.GetValue<string>(), second["preread"]!.GetValue<string>());
        Assert.Equal(first["cpu_stats"]!["cpu_usage"]!["total_usage"]!.GetValue<ulong>(), second["precpu_stats"]!["cpu_usage"]!["total_usage"]!.GetValue<ulong>());
        Assert.True(second["cpu_stats"]!["system_cpu_usage"]!.GetValue<ulong>() > first["cpu_stats"]!["system_cpu_usage"]!.GetValue<ulong>());
        Assert.Equal(2UL, second["pids_stats"]!["current"]!.GetValue<ulong>());
        Assert.InRange(second["memory_stats"]!["usage"]!.GetValue<ulong>(), 20_000_000UL, 100_000_000UL);
        Assert.NotNull(second["memory_stats"]!["stats"]!["total_inactive_file"]);
    }

    [Fact]
    public async Task StatsOneShot_NoPrecpu()
    {
        await StartHoldingAsync("once");

        using var client = UnixClient();
        var stats = JsonNode.Parse(await client.GetStringAsync("/v1.47/containers/once/stats?stream=false&one-shot=true"))!;

        Assert.Equal("0001-01-01T00:00:00Z", stats["preread"]!.GetValue<string>());
        Assert.Equal(0UL, stats["precpu_stats"]!["cpu_usage"]!["total_usage"]!.GetValue<ulong>());
        Assert.True(stats["cpu_stats"]!["cpu_usage"]!["total_usage"]!.GetValue<ulong>() > 0);
    }

    private async Task StartHoldingAsync(string name)
    {
        var run = await socket.DockerAsync("run", "-d", "--name", name, "--network", "none", Image, "sh", "-c",
            "x=$(head -c 20000000 /dev/zero | tr '\\0' a); touch /tmp/ready; sleep 600; echo ${#x}");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await socket.DockerAsync("exec", name, "test", "-f", "/tmp/ready")).ExitCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{name} never allocated its memory");
            await Task.Delay(100);
        }
    }

    /// <summary>"20.05MiB", "1.5GiB", "900KiB" in MiB.</summary>
    private static double MebibytesOf(string size)
    {
        var unit = size.TrimStart("0123456789.".ToCharArray());
        var number = double.Parse(size[..^unit.Length], System.Globalization.CultureInfo.InvariantCulture);
        return number * unit switch { "GiB" => 1024, "MiB" => 1, "KiB" => 1.0 / 1024, _ => 1.0 / 1024 / 1024 };
    }

    private HttpClient UnixClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await unix.ConnectAsync(new UnixDomainSocketEndPoint(socket.SocketPath), cancellationToken);
            return new NetworkStream(unix, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://docker") };
}

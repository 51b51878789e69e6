namespace Berth.Acceptance.Docker;

/// <summary>
/// Debian's docker-compose (1.29) against Berth's socket: a two-service app on a network and a named volume, whose
/// services talk by name; up -d, ps, down -v leaves no container, network or volume. (`docker-compose logs` prints
/// nothing yet: its log printer also follows GET /events, which Berth does not serve.)
/// </summary>
public sealed class DockerComposeTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    private const string Project = "berthapp";

    private readonly string _directory = Directory.CreateTempSubdirectory("berth-compose-").FullName;

    public async Task InitializeAsync() => await File.WriteAllTextAsync(Path.Combine(_directory, "docker-compose.yml"), $$"""
        version: "3.8"
        services:
          web:
            image: {{DockerSocket.Image}}
            command: ["sh", "-c", "echo served-by-web > /data/index.html && exec httpd -f -p 80 -h /data"]
            volumes: ["content:/data"]
            networks: ["backend"]
          client:
            image: {{DockerSocket.Image}}
            command: ["sh", "-c", "while ! wget -q -O- http://web/; do sleep 0.2; done; exec sleep 300"]
            depends_on: ["web"]
            networks: ["backend"]
        networks:
          backend: {}
        volumes:
          content: {}
        """);

    public async Task DisposeAsync()
    {
        await ComposeAsync("down", "-v", "-t", "1");
        await socket.RemoveAllContainersAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task UpPsDown_TwoServicesTalkByNameOverTheirNetwork()
    {
        var up = await ComposeAsync("up", "-d");
        var ps = await ComposeAsync("ps");
        var fetched = await HostTraces.EventuallyAsync(
            async () => (await socket.DockerAsync("logs", $"{Project}_client_1")).Stdout.Contains("served-by-web"), TimeSpan.FromSeconds(30));
        var networks = await socket.DockerAsync("network", "ls", "--format", "{{.Name}}");
        var volumes = await socket.DockerAsync("volume", "ls", "--format", "{{.Name}}");

        Assert.True(up.ExitCode == 0, up.Stderr);
        Assert.Contains($"{Project}_web_1", ps.Stdout);
        Assert.Contains($"{Project}_client_1", ps.Stdout);
        Assert.Contains("Up", ps.Stdout);
        Assert.True(fetched, (await socket.DockerAsync("logs", $"{Project}_client_1")).Stderr);
        Assert.Contains($"{Project}_backend", networks.Stdout);
        Assert.Contains($"{Project}_content", volumes.Stdout);

        var down = await ComposeAsync("down", "-v", "-t", "1");
        var containersAfter = await socket.DockerAsync("ps", "-a", "-q");
        var networksAfter = await socket.DockerAsync("network", "ls", "--format", "{{.Name}}");
        var volumesAfter = await socket.DockerAsync("volume", "ls", "-q");

        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.Equal("", containersAfter.Stdout);
        Assert.DoesNotContain(Project, networksAfter.Stdout);
        Assert.Equal("", volumesAfter.Stdout);
    }

    private Task<ProcessResult> ComposeAsync(params string[] args) =>
        socket.ComposeAsync(["-p", Project, "-f", Path.Combine(_directory, "docker-compose.yml"), .. args]);
}

namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's --cap-add, --cap-drop, --privileged, --read-only on Berth's socket, read from the container's /proc.</summary>
public sealed class DockerSecurityTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    private const string Image = DockerSocket.Image;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task SecurityFlags_ShapeTheContainersCapabilitiesAndRoot()
    {
        var capabilities = await socket.DockerAsync("run", "--rm", "--network", "none", "--cap-drop", "ALL", "--cap-add", "NET_ADMIN", Image, "grep", "CapBnd", "/proc/self/status");
        var readOnly = await socket.DockerAsync("run", "--rm", "--network", "none", "--read-only", Image, "touch", "/written");
        var privileged = await socket.DockerAsync("run", "--rm", "--network", "none", "--privileged", Image, "grep", "Seccomp:", "/proc/self/status");
        var unknown = await socket.DockerAsync("run", "--rm", "--network", "none", "--cap-add", "FOO", Image, "true");

        Assert.Equal((0, "CapBnd:\t0000000000001000\n"), (capabilities.ExitCode, capabilities.Stdout));
        Assert.NotEqual(0, readOnly.ExitCode);
        Assert.Contains("Read-only file system", readOnly.Stderr);
        Assert.Equal((0, "Seccomp:\t0\n"), (privileged.ExitCode, privileged.Stdout));
        Assert.Equal(125, unknown.ExitCode);
        Assert.Contains("invalid CapAdd: unknown capability: \"CAP_FOO\"", unknown.Stderr);
    }
}

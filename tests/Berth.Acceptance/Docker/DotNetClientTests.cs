using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace Berth.Acceptance.Docker;

/// <summary>
/// Docker's .NET SDK (Docker.DotNet, in the maintained Docker.DotNet.Enhanced fork that Testcontainers 4 ships;
/// the two packages share one assembly name, so one of them) and Testcontainers for .NET on Berth's socket.
/// </summary>
public sealed class DotNetClientTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task DockerDotNet_CreateStartWaitLogsRemove()
    {
        using var client = new DockerClientBuilder().WithEndpoint(new Uri(socket.Host)).Build();

        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = DockerSocket.Image,
            Name = "sdk",
            Cmd = ["sh", "-c", "echo from-sdk; exit 2"],
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        var waited = await client.Containers.WaitContainerAsync(created.ID);
        using var logs = await client.Containers.GetContainerLogsAsync(created.ID, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, CancellationToken.None);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
        var inspected = await client.Containers.InspectContainerAsync("sdk");
        await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters());
        var missing = await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync("sdk"));

        Assert.Equal(2, waited.StatusCode);
        Assert.Equal(("from-sdk\n", ""), (stdout, stderr));
        Assert.Equal(("/sdk", "exited"), (inspected.Name, inspected.State!.Status));
        Assert.Contains("No such container", missing.Message);
    }

    [Fact]
    public async Task Testcontainers_StartsWaitsForAndRemovesAContainer()
    {
        TestcontainersSettings.ResourceReaperEnabled = false;
        var container = new ContainerBuilder(DockerSocket.Image)
            .WithDockerEndpoint(socket.Host)
            .WithName("tc")
            .WithCreateParameterModifier(parameters => parameters.HostConfig!.NetworkMode = "none")
            .WithCommand("sh", "-c", "echo ready; sleep 300")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("ready"))
            .Build();

        await container.StartAsync();
        var running = await socket.DockerAsync("ps", "--format", "{{.Names}}");
        var exec = await container.ExecAsync(["sh", "-c", "echo $((6 * 7))"]);
        await container.DisposeAsync();
        var afterwards = await socket.BerthAsync("ps", "-a", "-q");

        Assert.Equal("tc\n", running.Stdout);
        Assert.Equal((0L, "42\n"), (exec.ExitCode, exec.Stdout));
        Assert.Equal("", afterwards.Stdout);
    }
}

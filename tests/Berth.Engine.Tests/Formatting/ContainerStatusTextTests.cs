using Berth.Engine.Containers;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Formatting;

namespace Berth.Engine.Tests.Formatting;

public class ContainerStatusTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static ContainerRecord Exited(RestartPolicy policy, int exitCode, int restartCount = 0, bool stoppedByUser = false) => new()
    {
        Id = new string('a', 64),
        Name = "flaky",
        ImageId = "img",
        ImageReference = "busybox",
        Command = ["false"],
        Created = Now.AddMinutes(-1),
        Runtime = "runc",
        Status = ContainerStatus.Exited,
        ExitCode = exitCode,
        FinishedAt = Now.AddSeconds(-3),
        RestartPolicy = policy,
        RestartCount = restartCount,
        StoppedByUser = stoppedByUser,
    };

    [Fact]
    public void Docker_ExitedAndThePolicyRestartsIt_IsRestartingAsDockerShowsIt()
    {
        var c = Exited(RestartPolicy.Parse("on-failure:3"), 2, restartCount: 1);

        Assert.True(c.Restarting);
        Assert.Equal("Restarting (2) 3 seconds ago", ContainerStatusText.Docker(c, Now));
        Assert.Equal("Restarting (2) 3 seconds ago", ContainerStatusText.Podman(c, Now));
    }

    [Theory]
    [InlineData("on-failure:3", 2, 3, false)]
    [InlineData("on-failure", 0, 0, false)]
    [InlineData("always", 0, 0, true)]
    [InlineData("no", 1, 0, false)]
    public void Docker_PolicyDoesNotRestartIt_IsExited(string policy, int exitCode, int restartCount, bool stoppedByUser)
    {
        var c = Exited(RestartPolicy.Parse(policy), exitCode, restartCount, stoppedByUser);

        Assert.False(c.Restarting);
        Assert.Equal($"Exited ({exitCode}) 3 seconds ago", ContainerStatusText.Docker(c, Now));
    }
}

using Berth.Agent.Pods;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public sealed class TerminationMessagesTests : IDisposable
{
    private readonly string _pod = Directory.CreateTempSubdirectory("berth-termination-").FullName;

    public void Dispose() => Directory.Delete(_pod, recursive: true);

    private static PodContainerName Name(int attempt) => new("app", "p", "default", "u1", attempt);

    [Fact]
    public void Read_GivesWhatTheAttemptWroteIntoItsMountedFile()
    {
        var mount = TerminationMessages.MountFor(_pod, new V1Container { Name = "app", TerminationMessagePath = "/dev/termination-log" }, 1)!;
        File.WriteAllText(mount.Source, "bye");

        Assert.Equal("/dev/termination-log", mount.Destination);
        Assert.Equal("bye", TerminationMessages.Read(_pod, Name(1), TerminationMessages.MaxLength));
        Assert.Equal("", TerminationMessages.Read(_pod, Name(0), TerminationMessages.MaxLength));
    }

    [Fact]
    public void Read_KeepsTheLastBytesWithinTheLimit()
    {
        var mount = TerminationMessages.MountFor(_pod, new V1Container { Name = "app", TerminationMessagePath = "/tmp/m" }, 0)!;
        File.WriteAllText(mount.Source, new string('a', 10) + new string('b', 4096));

        Assert.Equal(new string('b', 4096), TerminationMessages.Read(_pod, Name(0), 4096));
        Assert.Equal(new string('b', 1024), TerminationMessages.Read(_pod, Name(0), 1024));
    }

    [Theory]
    [InlineData(0, 1, 4096)]
    [InlineData(0, 3, 4096)]
    [InlineData(1, 3, 3072)]
    [InlineData(4, 8, 1024)]
    public void LimitFor_SharesTwelveKibEvenlyAmongTheContainers_AtMost4096Each(int init, int app, int limit)
    {
        V1Container[] Containers(int count) => [.. Enumerable.Range(0, count).Select(i => new V1Container { Name = $"c{i}" })];
        var pod = new V1Pod { Spec = new V1PodSpec { InitContainers = Containers(init), Containers = Containers(app) } };

        Assert.Equal(limit, TerminationMessages.LimitFor(pod));
    }

    [Fact]
    public void MountFor_AContainerWithoutAPath_IsNone() =>
        Assert.Null(TerminationMessages.MountFor(_pod, new V1Container { Name = "app" }, 0));

    [Fact]
    public void LastBytes_KeepsTheEndOfTheText()
    {
        Assert.Equal("cd", TerminationMessages.LastBytes("abcd", 2));
        Assert.Equal("ab", TerminationMessages.LastBytes("ab", 2048));
    }
}

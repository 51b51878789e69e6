using System.Diagnostics;
using Berth.Engine.Containers;
using Berth.Engine.Runtime.Shim;

namespace Berth.Engine.Tests.Containers;

/// <summary>How a running container's record learns that it ended: from conmon's exit file, or from conmon being gone without one.</summary>
public sealed class ContainerStateReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-states-").FullName;
    private readonly ContainerStore _store;
    private readonly ContainerStateReader _states;
    private Process? _fakeShim;

    public ContainerStateReaderTests()
    {
        _store = new ContainerStore(_root);
        _states = new ContainerStateReader(_store);
    }

    public void Dispose()
    {
        if (_fakeShim is { HasExited: false })
        {
            _fakeShim.Kill();
        }
        _fakeShim?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<ContainerRecord> RunningAsync()
    {
        var (record, _) = await _store.AllocateAsync(null, (id, name) => Task.FromResult((TestContainerRecords.Minimal(id, name), 0)));
        var running = record with { Status = ContainerStatus.Running, Pid = 1, StartedAt = DateTimeOffset.UtcNow };
        _store.Save(running);
        return running;
    }

    private void WriteShimPid(ContainerRecord record, int pid) => File.WriteAllText(_store.PathsOf(record.Id).ShimPidFile, $"{pid}\n");

    [Fact]
    public async Task ShimRunning_StaysRunning()
    {
        var record = await RunningAsync();
        // A process whose command line is this container's conmon's, as far as the reader looks.
        _fakeShim = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "sleep 60", "--cid", record.Id } })!;
        WriteShimPid(record, _fakeShim.Id);

        Assert.Equal(ContainerStatus.Running, _states.Refresh(record).Status);
        Assert.False(_states.HasExited(record));
    }

    [Fact]
    public async Task NoShimPidFile_StaysRunning()
    {
        var record = await RunningAsync();

        Assert.Equal(ContainerStatus.Running, _states.Refresh(record).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-pid")]
    public async Task UnreadableShimPidFile_StaysRunning(string content)
    {
        var record = await RunningAsync();
        File.WriteAllText(_store.PathsOf(record.Id).ShimPidFile, content);

        Assert.Equal(ContainerStatus.Running, _states.Refresh(record).Status);
    }

    [Fact]
    public async Task ShimDeadWithoutExitFile_IsExitedAsLost_AndSaved()
    {
        var record = await RunningAsync();
        using var ended = Process.Start("/bin/true")!;
        await ended.WaitForExitAsync();
        WriteShimPid(record, ended.Id);

        var refreshed = _states.Refresh(record);

        Assert.Equal(ContainerStatus.Exited, refreshed.Status);
        Assert.Equal(255, refreshed.ExitCode);
        Assert.NotNull(refreshed.FinishedAt);
        Assert.Equal(ContainerStatus.Exited, _store.Load(record.Id)!.Status);
    }

    [Fact]
    public async Task ShimPidReusedByAnotherProcess_IsExitedAsLost()
    {
        var record = await RunningAsync();
        // After a reboot the pid in the file may name any process: this test's own is not a conmon of the container.
        WriteShimPid(record, Environment.ProcessId);

        Assert.Equal(255, _states.Refresh(record).ExitCode);
    }

    [Fact]
    public async Task ExitFile_GivesTheRecordedCode()
    {
        var record = await RunningAsync();
        var exits = ConmonShim.PersistDirectory(record.Id);
        Directory.CreateDirectory(exits);
        try
        {
            File.WriteAllText(ConmonShim.ExitFile(record.Id), "3");

            Assert.Equal(3, _states.Refresh(record).ExitCode);
        }
        finally
        {
            Directory.Delete(exits, recursive: true);
        }
    }

    [Fact]
    public async Task ExitedButRemovedBeforeItsRefresh_IsLeftOut()
    {
        // A foreground `run --rm`'s container, whose process has ended: the run removes it after a listing saw it running.
        using var ended = Process.Start("/bin/true")!;
        await ended.WaitForExitAsync();
        var record = (await RunningAsync()) with { RunByClient = true, Pid = ended.Id };
        _store.Save(record);
        Directory.Delete(_store.PathsOf(record.Id).Directory, recursive: true);

        Assert.Throws<IOException>(() => _states.Refresh(record));
        Assert.Null(_states.RefreshUnlessRemoved(record));
    }

    [Fact]
    public async Task RefreshUnlessRemoved_ALockFailureOfAContainerStillThere_IsNotTakenForARemoval()
    {
        using var ended = Process.Start("/bin/true")!;
        await ended.WaitForExitAsync();
        var record = (await RunningAsync()) with { RunByClient = true, Pid = ended.Id };
        _store.Save(record);
        // A lock that cannot be opened (here a folder in its place) while the record is still there.
        File.Delete(_store.PathsOf(record.Id).Lock);
        Directory.CreateDirectory(_store.PathsOf(record.Id).Lock);

        Assert.Throws<IOException>(() => _states.RefreshUnlessRemoved(record));
        Assert.Throws<IOException>(() => _states.FindRefreshed(record.Name));
    }

    [Fact]
    public async Task ListRefreshed_RecordsAnExitAndKeepsTheContainer()
    {
        var record = await RunningAsync();
        using var ended = Process.Start("/bin/true")!;
        await ended.WaitForExitAsync();
        WriteShimPid(record, ended.Id);

        var listed = Assert.Single(_states.ListRefreshed());

        Assert.Equal((record.Id, ContainerStatus.Exited), (listed.Id, listed.Status));
    }
}

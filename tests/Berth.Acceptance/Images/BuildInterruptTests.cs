using System.Diagnostics;
using System.Runtime.Versioning;
using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Images;

/// <summary>Ctrl-C in the middle of a build's RUN step: one error line, and nothing of the step left running or mounted.</summary>
[SupportedOSPlatform("linux")]
public sealed class BuildInterruptTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();

    [Fact]
    public async Task Build_CtrlCDuringRun_OneLineErrorAndTheStepsContainerIsGone()
    {
        // A sleep no other process on the machine has, so the test can find the step's process.
        var seconds = Random.Shared.Next(100_000, 999_999);
        var marker = $"/bin/busybox sleep {seconds}";
        File.Copy(TestImages.BusyboxBinary, Path.Combine(_context.Path, "busybox"));
        _context.WithContainerfile($"""
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sleep", "{seconds}"]
            """);
        ProcessResult interrupted;
        using (var build = new BerthProcess("--root", _root.Path, "build", "-t", "localhost/interrupted:1", _context.Path))
        {
            await WaitUntilAsync(() => StepProcesses(marker).Count > 0);
            await build.InterruptAsync();
            interrupted = await build.WaitAsync(Patience);
        }

        RegistryFaultTests.AssertOneLineError(interrupted, "build interrupted");
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Empty(StepProcesses(marker));
        Assert.DoesNotContain(_root.Path, await File.ReadAllTextAsync("/proc/mounts"));
        Assert.NotEqual(0, (await _root.BerthAsync("image", "inspect", "localhost/interrupted:1")).ExitCode);
    }

    public void Dispose()
    {
        _context.Dispose();
        _root.Dispose();
    }

    private static List<int> StepProcesses(string marker) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Where(pid => ReadCommandLine(pid!) == marker)
            .Select(pid => int.Parse(pid!))
            .ToList();

    private static string ReadCommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException("the RUN step never started");
            }
            await Task.Delay(50);
        }
    }
}

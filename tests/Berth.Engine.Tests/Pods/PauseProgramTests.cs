using System.Diagnostics;
using Berth.Engine.Pods;

namespace Berth.Engine.Tests.Pods;

/// <summary>Runs the built pause program on the host: it must wait until signalled and exit 0 on SIGTERM or SIGINT.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PauseProgramTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("berth-pause-").FullName, "pause");

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Build_RunsUntilSignalled_ThenExitsZero(string signal)
    {
        File.WriteAllBytes(_path, PauseProgram.Build());
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        using var pause = Process.Start(_path);
        // Signals sent before the handlers are installed would end it by the default action: wait until they are.
        await WaitUntilAsync(() => File.ReadAllLines($"/proc/{pause.Id}/status").Single(l => l.StartsWith("SigCgt:", StringComparison.Ordinal)).EndsWith("4002", StringComparison.Ordinal));
        Assert.False(pause.HasExited);

        using var kill = Process.Start("kill", ["-s", signal, pause.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        await pause.WaitForExitAsync();

        Assert.Equal(0, pause.ExitCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(5);
        }
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
}

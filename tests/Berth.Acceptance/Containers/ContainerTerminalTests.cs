using System.Text.RegularExpressions;

namespace Berth.Acceptance.Containers;

/// <summary>`-t` through a real pseudo-terminal: the tests run berth under util-linux `script`, as a user at a terminal would.</summary>
public sealed class ContainerTerminalTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Run_Tty_GivesTheContainerAPseudoTerminalAndItsExitCode()
    {
        var (code, output) = await UnderTerminalAsync("run", "--rm", "-t", "--network", "none", Image, "sh", "-c", "tty; exit 2");

        Assert.Equal(2, code);
        Assert.Contains("/dev/pts/0", output);
    }

    [Fact]
    public async Task Exec_Tty_RunsOnAPseudoTerminal()
    {
        await RunDetachedAsync("--name", "termtarget", Image, "sleep", "100");

        var (code, output) = await UnderTerminalAsync("exec", "-t", "termtarget", "tty");

        Assert.Equal(0, code);
        Assert.Contains("/dev/pts/", output);
    }

    [Fact]
    public async Task Exec_TtyWithoutTerminal_FailsWithOneLine()
    {
        await RunDetachedAsync("--name", "noterm", Image, "sleep", "100");

        var result = await BerthAsync("exec", "-t", "noterm", "tty");

        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("Error: the input device is not a TTY", result.Stderr);
    }

    [Fact]
    public async Task Run_TtyWindowResized_ContainerSeesEachSize()
    {
        // The terminal starts at 30x100; once the container has read that size (it touches a file in a
        // shared directory), the terminal is resized from outside (stty on the same terminal signals
        // SIGWINCH to berth, as a terminal emulator would). Waiting for the file, not a fixed time,
        // keeps a slow start from resizing before the first read.
        var sync = Directory.CreateTempSubdirectory("berth-tty-");
        try
        {
            var ready = Path.Combine(sync.FullName, "ready");
            var berth = BerthCommand("run", "--rm", "-t", "--network", "none", "-v", $"{sync.FullName}:/sync", Image,
                "sh", "-c", "stty size; touch /sync/ready; sleep 3; stty size");
            var (code, output) = await UnderTerminalShellAsync(
                $"stty rows 30 cols 100; (while [ ! -e {ready} ]; do sleep 0.05; done; stty rows 40 cols 120 </dev/tty) & exec {berth}");

            Assert.Equal(0, code);
            var sizes = Regex.Matches(output, @"\b\d+ \d+\b").Select(m => m.Value).ToList();
            Assert.True(sizes.SequenceEqual(["30 100", "40 120"]), $"sizes {string.Join(", ", sizes)} in the terminal output: {output}");
        }
        finally
        {
            sync.Delete(recursive: true);
        }
    }

    private Task<(int Code, string Output)> UnderTerminalAsync(params string[] args) => UnderTerminalShellAsync(BerthCommand(args));

    private string BerthCommand(params string[] args) => PseudoTerminal.BerthCommand(["--root", Root.Path, .. args]);

    private static Task<(int Code, string Output)> UnderTerminalShellAsync(string command) => PseudoTerminal.RunAsync(command);
}

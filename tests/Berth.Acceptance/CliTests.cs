namespace Berth.Acceptance;

public class CliTests
{
    [Fact]
    public async Task Version_PrintsVersionAndExitsZero()
    {
        var result = await BerthBinary.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Version:", result.Stdout);
    }

    [Fact]
    public async Task UnknownVerb_PrintsOneLineErrorAndExitsNonZero()
    {
        var result = await BerthBinary.RunAsync("frobnicate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("Error:", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task RootThatIsAFile_PrintsTheFilesystemErrorOnOneLineAndExits125()
    {
        // Not a BerthException: the runtime's own IOException, which once aborted berth with 134 and a stack trace.
        var file = Path.GetTempFileName();
        try
        {
            var result = await BerthBinary.RunAsync("--root", file, "ps");

            Assert.Equal(125, result.ExitCode);
            Assert.Equal($"Error: Could not find a part of the path '{file}/containers'.\n", result.Stderr);
            Assert.Equal("", result.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task BadRuntime_IsRejectedWithTheAllowedValues()
    {
        var result = await BerthBinary.RunAsync("--runtime", "kata", "version");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("kata", result.Stderr);
    }
}

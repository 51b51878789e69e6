using Xunit.Abstractions;

namespace Berth.Acceptance.Space;

/// <summary>
/// `run` racing `image prune -a`, `system prune -a` and `rmi`: the run either sees the image whole
/// (and runs) or finds it gone ("image not known"); rmi either removes the image or finds it in use;
/// never a half-deleted image, never a store with leftovers.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RunPruneRaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rounds = 6;
    private readonly SpaceRoot _root = new();

    [Theory]
    [InlineData("image prune -a -f")]
    [InlineData("system prune -a -f")]
    [InlineData("rmi IMAGE")]
    public async Task RunDuringImageRemoval_SeveralRounds_RunsOrImageNotKnownAndTheStoreStaysConsistent(string removal)
    {
        for (var round = 0; round < Rounds; round++)
        {
            var image = $"localhost/race{round}:1";
            await TestImages.ImportBusyboxAsync(_root.Path, image);

            // Each round shifts the run's start against the removal's (from 50 ms after it to 50 ms before),
            // so the two meet at different points of their work.
            var lead = TimeSpan.FromMilliseconds(50 - (100 * round / (Rounds - 1)));
            var (ran, removed) = await StartApartAsync(
                () => _root.BerthAsync(removal.Replace("IMAGE", image, StringComparison.Ordinal).Split(' ')),
                () => _root.BerthAsync("run", "--rm", "--network", "none", image, "echo", "ran"),
                lead);

            output.WriteLine($"round {round}: run exited {ran.ExitCode}, {removal} exited {removed.ExitCode}: {removed.Stdout.Trim().Replace('\n', ' ')}");
            if (removed.ExitCode != 0)
            {
                Registry.RegistryFaultTests.AssertOneLineError(removed, "is in use by container");
            }
            if (ran.ExitCode == 0)
            {
                Assert.Equal("ran\n", ran.Stdout);
            }
            else
            {
                Assert.True(ran.Stderr.Contains("image not known", StringComparison.Ordinal), $"round {round}: {ran.Stderr}");
                Registry.RegistryFaultTests.AssertOneLineError(ran, $"{image}: image not known");
            }
            var left = await _root.ImageIdsAsync();
            if (left.Count > 0)
            {
                Assert.Equal("whole\n", await _root.MustAsync("run", "--rm", "--network", "none", image, "echo", "whole"));
            }
            await _root.MustAsync("image", "prune", "-a", "-f");
            Assert.Empty(await _root.ImageIdsAsync());
            Assert.Empty(_root.Blobs());
            Assert.Empty(_root.Snapshots());
            Assert.Equal("", (await _root.MustAsync("ps", "-a", "-q")).Trim());
        }
    }

    /// <summary>Starts <paramref name="first"/>, then <paramref name="second"/> <paramref name="lead"/> later (earlier when negative).</summary>
    private static async Task<(ProcessResult Second, ProcessResult First)> StartApartAsync(
        Func<Task<ProcessResult>> first, Func<Task<ProcessResult>> second, TimeSpan lead)
    {
        Task<ProcessResult> a, b;
        if (lead >= TimeSpan.Zero)
        {
            a = first();
            await Task.Delay(lead);
            b = second();
        }
        else
        {
            b = second();
            await Task.Delay(-lead);
            a = first();
        }
        return (await b, await a);
    }

    public Task InitializeAsync() => _root.InitializeAsync();

    public Task DisposeAsync() => _root.DisposeAsync();
}

using Berth.Engine.Health;
using Berth.Engine.Images.Oci;

namespace Berth.Engine.Tests.Health;

public sealed class HealthcheckSettingsTests
{
    private static readonly OciHealthcheck ImageCheck = new()
    {
        Test = ["CMD", "/bin/check"],
        Interval = 5_000_000_000,
        Retries = 7,
    };

    [Fact]
    public void Resolve_NoOverrides_TheImagesWithDefaults()
    {
        var settings = HealthcheckSettings.Resolve(ImageCheck, new HealthcheckOverrides())!;

        Assert.Equal(["CMD", "/bin/check"], settings.Test);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.Zero, 7), (settings.Interval, settings.Timeout, settings.StartPeriod, settings.Retries));
    }

    [Fact]
    public void Resolve_Overrides_ReplaceFieldByField()
    {
        var settings = HealthcheckSettings.Resolve(ImageCheck, new HealthcheckOverrides { Test = ["CMD-SHELL", "test -f /ok"], Timeout = TimeSpan.FromSeconds(2) })!;

        Assert.Equal(["CMD-SHELL", "test -f /ok"], settings.Test);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 7), (settings.Interval, settings.Timeout, settings.Retries));
    }

    [Fact]
    public void Resolve_NoneDisabledOrNoTest_Null()
    {
        Assert.Null(HealthcheckSettings.Resolve(ImageCheck, new HealthcheckOverrides { Test = ["NONE"] }));
        Assert.Null(HealthcheckSettings.Resolve(ImageCheck, new HealthcheckOverrides { Disabled = true }));
        Assert.Null(HealthcheckSettings.Resolve(new OciHealthcheck { Test = ["NONE"] }, new HealthcheckOverrides()));
        Assert.Null(HealthcheckSettings.Resolve(null, new HealthcheckOverrides()));
    }

    [Fact]
    public void Command_CmdShell_RunsThroughTheShell()
    {
        var settings = new HealthcheckSettings { Test = ["CMD-SHELL", "test -f /ok"] };

        Assert.Equal(["/bin/sh", "-c", "test -f /ok"], settings.Command);
        Assert.Equal(["ls", "-l"], (settings with { Test = ["CMD", "ls", "-l"] }).Command);
    }

    [Fact]
    public void ToOci_Nanoseconds_ZerosLeftOut()
    {
        var oci = new HealthcheckSettings { Test = ["CMD", "true"], Interval = TimeSpan.Zero, Retries = 2 }.ToOci();

        Assert.Equal((null, 30_000_000_000L, null, 2), (oci.Interval, oci.Timeout, oci.StartPeriod, oci.Retries));
    }

    [Fact]
    public void Resolve_ImageStartInterval_IsKeptAndShownInNanoseconds()
    {
        var settings = HealthcheckSettings.Resolve(ImageCheck with { StartPeriod = 60_000_000_000, StartInterval = 1_000_000_000 }, new HealthcheckOverrides())!;

        Assert.Equal(TimeSpan.FromSeconds(1), settings.StartInterval);
        Assert.Equal(1_000_000_000, settings.ToOci().StartInterval);
    }

    [Theory]
    [InlineData(10, HealthStatus.Starting, 2)]
    [InlineData(10, HealthStatus.Unhealthy, 30)]
    [InlineData(10, HealthStatus.Healthy, 30)]
    [InlineData(61, HealthStatus.Starting, 30)]
    public void NextDelay_StartIntervalOnlyWhileStartingInTheStartPeriod(int secondsSinceStart, string status, int expectedSeconds)
    {
        var settings = new HealthcheckSettings { Test = ["CMD", "true"], StartPeriod = TimeSpan.FromSeconds(60), StartInterval = TimeSpan.FromSeconds(2) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), settings.NextDelay(TimeSpan.FromSeconds(secondsSinceStart), status));
    }

    [Fact]
    public void NextDelay_NoStartInterval_TheIntervalThroughout() =>
        Assert.Equal(TimeSpan.FromSeconds(30), new HealthcheckSettings { Test = ["CMD", "true"], StartPeriod = TimeSpan.FromSeconds(60) }.NextDelay(TimeSpan.Zero, HealthStatus.Starting));
}

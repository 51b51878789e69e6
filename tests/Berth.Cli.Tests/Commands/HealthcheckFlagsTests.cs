using Berth.Cli.Commands;
using Berth.Engine.Health;

namespace Berth.Cli.Tests.Commands;

public sealed class HealthcheckFlagsTests
{
    private static HealthcheckOverrides Parse(string? cmd = null, string? interval = null, string? timeout = null, string? retries = null,
        string? startPeriod = null, string? onFailure = null, bool disabled = false) =>
        HealthcheckFlags.Parse(cmd, interval, timeout, retries, startPeriod, onFailure, disabled);

    [Theory]
    [InlineData("test -f /tmp/ok", "CMD-SHELL|test -f /tmp/ok")]
    [InlineData("""["ls","-l"]""", "CMD|ls|-l")]
    [InlineData("""["CMD-SHELL","exit 1"]""", "CMD-SHELL|exit 1")]
    [InlineData("""["true"]""", "CMD-SHELL|true")]
    [InlineData("none", "NONE")]
    [InlineData("[not json", "CMD-SHELL|[not json")]
    public void Parse_HealthCmd_AsPodmanReadsIt(string cmd, string test)
    {
        Assert.Equal(test.Split('|'), Parse(cmd).Test);
    }

    [Fact]
    public void Parse_NothingGiven_KeepsTheImages()
    {
        var overrides = Parse();

        Assert.Equal((null, null, null, null, null, HealthOnFailure.None), (overrides.Test, overrides.Interval, overrides.Timeout, overrides.StartPeriod, overrides.Retries, overrides.OnFailure));
    }

    [Theory]
    [InlineData("1m30s", 90)]
    [InlineData("disable", 0)]
    [InlineData("0s", 0)]
    [InlineData("-1s", 0)]
    public void Parse_Interval_GoDurationOrDisable(string interval, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse("true", interval).Interval);
    }

    [Fact]
    public void Parse_Values_AllRead()
    {
        var overrides = Parse("true", "1s", "500ms", "2", "10s", "kill");

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), 2, TimeSpan.FromSeconds(10), HealthOnFailure.Kill),
            (overrides.Interval, overrides.Timeout, overrides.Retries, overrides.StartPeriod, overrides.OnFailure));
    }

    [Theory]
    [InlineData(null, "bogus", null, null, null, "invalid healthcheck-interval: time: invalid duration \"bogus\"")]
    [InlineData(null, null, "bogus", null, null, "invalid healthcheck-timeout: time: invalid duration \"bogus\"")]
    [InlineData(null, null, "0s", null, null, "healthcheck-timeout must be at least 1 second")]
    [InlineData(null, null, null, "0", null, "healthcheck-retries must be greater than 0")]
    [InlineData(null, null, null, "-1", null, "invalid argument \"-1\" for \"--health-retries\" flag: strconv.ParseUint: parsing \"-1\": invalid syntax")]
    [InlineData(null, null, null, null, "-1s", "healthcheck-start-period must be 0 seconds or greater")]
    [InlineData("[]", null, null, null, null, "must define a healthcheck command for all healthchecks")]
    public void Parse_BadValue_PodmansError(string? cmd, string? interval, string? timeout, string? retries, string? startPeriod, string message)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => Parse(cmd ?? "true", interval, timeout, retries, startPeriod));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_UnknownOnFailure_PodmansError()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => Parse("true", onFailure: "explode"));

        Assert.Equal("invalid on-failure action \"explode\" for health check: supported actions are none,kill,restart,stop", error.Message);
    }

    [Fact]
    public void Parse_NoHealthcheckWithACommand_Refused()
    {
        Assert.Throws<InvalidArgumentException>(() => Parse("true", disabled: true));
        Assert.True(Parse(disabled: true).Disabled);
    }
}

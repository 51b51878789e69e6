using Berth.Engine.Containers.Restarts;

namespace Berth.Engine.Tests.Containers.Restarts;

public class RestartPolicyTests
{
    [Theory]
    [InlineData("no", "no", 0)]
    [InlineData("", "no", 0)]
    [InlineData("always", "always", 0)]
    [InlineData("unless-stopped", "unless-stopped", 0)]
    [InlineData("on-failure", "on-failure", 0)]
    [InlineData("on-failure:3", "on-failure", 3)]
    [InlineData("on-failure:0", "on-failure", 0)]
    public void Parse_PodmansValues_AreRead(string value, string name, int retries)
    {
        Assert.Equal(new RestartPolicy(name, retries), RestartPolicy.Parse(value));
    }

    [Theory]
    [InlineData("sometimes", "running container create option: \"sometimes\" is not a valid restart policy: invalid argument")]
    [InlineData("ALWAYS", "running container create option: \"ALWAYS\" is not a valid restart policy: invalid argument")]
    [InlineData("on-failure:-1", "must specify restart policy retry count as a number greater than 0")]
    [InlineData("on-failure:x", "parsing restart policy retry count: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("always:3", "restart policy retries can only be specified with on-failure restart policy")]
    [InlineData("no:2", "restart policy retries can only be specified with on-failure restart policy")]
    public void Parse_BadValues_GetPodmansError(string value, string message)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => RestartPolicy.Parse(value));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(null, 0, "no", 0)]
    [InlineData("", 0, "no", 0)]
    [InlineData("on-failure", 2, "on-failure", 2)]
    [InlineData("unless-stopped", 0, "unless-stopped", 0)]
    public void FromDocker_HostConfigsPolicy_IsRead(string? name, int retries, string expectedName, int expectedRetries)
    {
        Assert.Equal(new RestartPolicy(expectedName, expectedRetries), RestartPolicy.FromDocker(name, retries));
    }

    [Theory]
    [InlineData("sometimes", 0, "unknown policy 'sometimes'")]
    [InlineData("on-failure", -1, "maximum retry count cannot be negative")]
    [InlineData("always", 3, "maximum retry count can only be used with 'on-failure'")]
    public void FromDocker_BadPolicies_GetDockerdsError(string name, int retries, string message)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => RestartPolicy.FromDocker(name, retries));

        Assert.Contains(message, error.Message);
    }

    [Theory]
    // policy, exit code, restarts so far, stopped by the user → restarted
    [InlineData("no", 1, 0, false, false)]
    [InlineData("always", 0, 0, false, true)]
    [InlineData("always", 137, 50, false, true)]
    [InlineData("always", 0, 0, true, false)]
    [InlineData("unless-stopped", 0, 7, false, true)]
    [InlineData("unless-stopped", 143, 0, true, false)]
    [InlineData("on-failure", 0, 0, false, false)]
    [InlineData("on-failure", 3, 100, false, true)]
    [InlineData("on-failure:2", 3, 0, false, true)]
    [InlineData("on-failure:2", 3, 1, false, true)]
    [InlineData("on-failure:2", 3, 2, false, false)]
    [InlineData("on-failure:2", 0, 0, false, false)]
    [InlineData("on-failure:2", 3, 0, true, false)]
    public void RestartsAfter_FollowsDockersRules(string policy, int exitCode, int restartCount, bool stoppedByUser, bool restarted)
    {
        Assert.Equal(restarted, RestartPolicy.Parse(policy).RestartsAfter(exitCode, restartCount, stoppedByUser));
    }

    [Theory]
    [InlineData("always", true, false)]
    [InlineData("always", false, false)]
    [InlineData("unless-stopped", true, true)]
    [InlineData("unless-stopped", false, false)]
    [InlineData("no", true, false)]
    public void KeepsDownAtBoot_OnlyUnlessStoppedThatTheUserStopped(string policy, bool stoppedByUser, bool keptDown)
    {
        Assert.Equal(keptDown, RestartPolicy.Parse(policy).KeepsDownAtBoot(stoppedByUser));
    }

    [Theory]
    [InlineData("no", true)]
    [InlineData("on-failure", true)]
    [InlineData("on-failure:3", false)]
    [InlineData("always", false)]
    [InlineData("unless-stopped", false)]
    public void AllowsAutoRemove_AsPodman(string policy, bool allowed)
    {
        Assert.Equal(allowed, RestartPolicy.Parse(policy).AllowsAutoRemove);
    }

    [Theory]
    [InlineData("on-failure:3", "on-failure:3")]
    [InlineData("on-failure", "on-failure")]
    [InlineData("always", "always")]
    public void ToString_IsTheFlagsSpelling(string value, string expected)
    {
        Assert.Equal(expected, RestartPolicy.Parse(value).ToString());
    }
}

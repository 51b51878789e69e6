using Berth.Engine.Build;

namespace Berth.Engine.Tests.Build;

public class CommitChangesTests
{
    [Fact]
    public void Parse_PodmansInstructions_AreAccepted()
    {
        var changes = CommitChanges.Parse(["CMD [\"echo\", \"hi\"]", "env A=1", "LABEL x=y", "EXPOSE 80", "WORKDIR /srv", "USER nobody", "ENTRYPOINT /bin/sh"]);

        Assert.Equal(["CMD", "ENV", "LABEL", "EXPOSE", "WORKDIR", "USER", "ENTRYPOINT"], changes.Select(c => c.Keyword));
        Assert.Equal(["echo", "hi"], changes[0].ExecForm!);
    }

    [Theory]
    [InlineData("FOO bar", "invalid change \"FOO bar\" - invalid instruction FOO")]
    [InlineData("RUN rm -rf /", "invalid change \"RUN rm -rf /\" - invalid instruction RUN")]
    [InlineData("CMD", "invalid change \"CMD\" - CMD requires at least one argument")]
    public void Parse_BadChange_SaysWhichInPodmansWords(string change, string message)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => CommitChanges.Parse(["ENV A=1", change]));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Apply_ChangesTheConfig_WorkdirRelativeToTheLastOne()
    {
        var state = new BuildState { WorkingDir = "/srv" };

        CommitChanges.Apply(CommitChanges.Parse(["CMD echo hi", "WORKDIR app", "ENV A=1", "EXPOSE 8080"]), state);

        var config = state.ToConfig(DateTimeOffset.UnixEpoch).Config!;
        Assert.Equal(["/bin/sh", "-c", "echo hi"], config.Cmd!);
        Assert.Equal("/srv/app", config.WorkingDir);
        Assert.Equal(["A=1"], config.Env!);
        Assert.Equal(["8080/tcp"], config.ExposedPorts!.Keys);
    }
}

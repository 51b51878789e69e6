using Berth.Engine.Build;

namespace Berth.Engine.Tests.Build;

public class ContainerfileParserTests
{
    [Fact]
    public void Parse_ContinuationsCommentsAndCase_YieldInstructionsWithStartLines()
    {
        var instructions = ContainerfileParser.Parse("""
            # a comment
            from busybox

            RUN echo a \
              # inside a continuation
              && echo b
            copy --chown=1:2 a b
            """, "Containerfile");

        Assert.Equal(["FROM", "RUN", "COPY"], instructions.Select(i => i.Keyword));
        Assert.Equal([2, 4, 7], instructions.Select(i => i.Line));
        Assert.Equal("echo a   && echo b", instructions[1].Arguments);
        Assert.Equal("1:2", instructions[2].Flags["chown"]);
        Assert.Equal("a b", instructions[2].Arguments);
    }

    [Fact]
    public void Parse_JsonArray_IsExecFormAndOtherBracketsAreShellForm()
    {
        var instructions = ContainerfileParser.Parse("FROM scratch\nCMD [\"/bin/sh\", \"-c\", \"echo hi\"]\nRUN [ not json\n", "Containerfile");

        Assert.Equal(["/bin/sh", "-c", "echo hi"], instructions[1].ExecForm);
        Assert.Null(instructions[2].ExecForm);
    }

    [Theory]
    [InlineData("FROM scratch\nFORM x\n", "Containerfile:2: unknown instruction: FORM")]
    [InlineData("FROM scratch\n\nCOPY onlyone\n", "Containerfile:3: COPY requires at least two arguments: source(s) and destination")]
    [InlineData("RUN true\n", "Containerfile:1: RUN before FROM: the first instruction must be FROM")]
    [InlineData("FROM scratch\nRUN\n", "Containerfile:2: RUN requires at least one argument")]
    [InlineData("FROM scratch\nhealthcheck --interval=5 CMD true\n", "Containerfile:2: HEALTHCHECK --interval=5: not a duration (such as 30s, 1m30s)")]
    [InlineData("FROM scratch\nHEALTHCHECK --timeout=10us CMD true\n", "Containerfile:2: HEALTHCHECK --timeout=10us: cannot be less than 1ms")]
    [InlineData("FROM scratch\nHEALTHCHECK --retries=-1 CMD true\n", "Containerfile:2: HEALTHCHECK --retries=-1: cannot be negative")]
    [InlineData("FROM scratch\nHEALTHCHECK --every=1s CMD true\n", "Containerfile:2: HEALTHCHECK flag --every is not supported")]
    [InlineData("FROM scratch\nHEALTHCHECK curl localhost\n", "Containerfile:2: unknown type \"curl\" in HEALTHCHECK (try CMD)")]
    [InlineData("FROM scratch\nHEALTHCHECK CMD\n", "Containerfile:2: missing command after HEALTHCHECK CMD")]
    [InlineData("FROM scratch\nHEALTHCHECK NONE now\n", "Containerfile:2: HEALTHCHECK NONE takes no arguments or options")]
    [InlineData("FROM scratch\nONBUILD ONBUILD RUN true\n", "Containerfile:2: ONBUILD ONBUILD is not allowed")]
    [InlineData("FROM scratch\nONBUILD FROM x\n", "Containerfile:2: FROM is not allowed as an ONBUILD trigger")]
    [InlineData("FROM scratch\nONBUILD RUNN true\n", "Containerfile:2: unknown instruction: RUNN")]
    [InlineData("FROM scratch\nONBUILD\n", "Containerfile:2: ONBUILD requires at least one argument")]
    [InlineData("FROM a b\n", "Containerfile:1: FROM takes an image and optionally AS name")]
    [InlineData("FROM scratch\nADD --from=x a b\n", "Containerfile:2: ADD flag --from is not supported")]
    [InlineData("FROM scratch\nWORKDIR /a /b\n", "Containerfile:2: WORKDIR requires exactly one argument")]
    [InlineData("# nothing\n", "Containerfile:1: file has no instructions")]
    public void Parse_BadInput_NamesFileAndLine(string text, string message)
    {
        var error = Assert.Throws<ContainerfileException>(() => ContainerfileParser.Parse(text, "Containerfile"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_ArgBeforeFrom_IsAllowed()
    {
        var instructions = ContainerfileParser.Parse("ARG BASE=busybox\nFROM $BASE\n", "Containerfile");

        Assert.Equal(["ARG", "FROM"], instructions.Select(i => i.Keyword));
    }

    [Theory]
    [InlineData("HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=2h --start-interval=1.5s --retries=4 CMD wget -q -O- http://localhost/ || exit 1",
        "CMD-SHELL;wget -q -O- http://localhost/ || exit 1", 90_000_000_000L, 500_000_000L, 7_200_000_000_000L, 1_500_000_000L, 4)]
    [InlineData("HEALTHCHECK CMD [\"/bin/check\", \"--fast\"]", "CMD;/bin/check;--fast", null, null, null, null, null)]
    [InlineData("HEALTHCHECK --interval=0s --retries=0 CMD true", "CMD-SHELL;true", null, null, null, null, null)]
    [InlineData("healthcheck none", "NONE", null, null, null, null, null)]
    public void HealthcheckParser_Forms_AsDockerStoresThem(string line, string test, long? interval, long? timeout, long? startPeriod, long? startInterval, int? retries)
    {
        var instruction = ContainerfileParser.Parse($"FROM scratch\n{line}\n", "Containerfile")[1];

        var healthcheck = HealthcheckParser.Parse(instruction);

        Assert.Equal(test.Split(';'), healthcheck.Test);
        Assert.Equal((interval, timeout, startPeriod, startInterval, retries),
            (healthcheck.Interval, healthcheck.Timeout, healthcheck.StartPeriod, healthcheck.StartInterval, healthcheck.Retries));
    }

    [Fact]
    public void Parse_Onbuild_KeepsTheTriggerAsWritten()
    {
        var instruction = ContainerfileParser.Parse("FROM scratch\nONBUILD  COPY --chown=1:1 app /app\n", "Containerfile")[1];

        Assert.Equal("ONBUILD", instruction.Keyword);
        Assert.Equal("COPY --chown=1:1 app /app", instruction.Arguments);
        Assert.Equal(new Dictionary<string, string> { ["chown"] = "1:1" }, ContainerfileParser.ParseTrigger(instruction.Arguments, "Containerfile", 2).Flags);
    }
}

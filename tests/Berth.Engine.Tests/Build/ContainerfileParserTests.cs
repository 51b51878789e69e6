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
    [InlineData("FROM scratch\nHEALTHCHECK CMD true\n", "Containerfile:2: HEALTHCHECK is not supported")]
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
}

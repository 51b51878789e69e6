using Berth.Engine.Pods;

namespace Berth.Engine.Tests.Pods;

public class InfraCommandTests
{
    [Fact]
    public void Parse_JsonArray_IsTheEntrypointWithItsArguments() =>
        Assert.Equal(["sleep", "3600"], InfraCommand.Parse("""["sleep", "3600"]"""));

    [Fact]
    public void Parse_PlainText_IsOneProgramNeverSplit() =>
        Assert.Equal(["/my pause"], InfraCommand.Parse("/my pause"));

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""["sleep", 1]""")]
    [InlineData("[not json")]
    public void Parse_BadValue_IsABadParameter(string text) =>
        Assert.StartsWith("--infra-command", Assert.Throws<InvalidArgumentException>(() => InfraCommand.Parse(text)).Message);
}

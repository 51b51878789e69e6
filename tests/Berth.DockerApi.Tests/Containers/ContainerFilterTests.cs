using Berth.DockerApi.Containers;
using Berth.Engine.Containers;

namespace Berth.DockerApi.Tests.Containers;

public class ContainerFilterTests
{
    private static readonly ContainerRecord Web = new()
    {
        Id = "abcdef" + new string('0', 58),
        Name = "web",
        ImageId = "sha256:1234",
        ImageReference = "localhost/busybox:test",
        Command = ["sh"],
        Created = DateTimeOffset.UnixEpoch,
        Runtime = "runc",
        Status = ContainerStatus.Running,
        Labels = new Dictionary<string, string> { ["com.docker.compose.project"] = "demo" },
    };

    [Theory]
    [InlineData("""{"label":["com.docker.compose.project=demo"]}""", true)]
    [InlineData("""{"label":{"com.docker.compose.project":true}}""", true)]
    [InlineData("""{"label":["com.docker.compose.project=other"]}""", false)]
    [InlineData("""{"name":["we"],"status":["running"]}""", true)]
    [InlineData("""{"status":["exited"]}""", false)]
    [InlineData("""{"id":["abcd"],"ancestor":["busybox:test"]}""", true)]
    [InlineData("""{"name":["nope","web"]}""", true)]
    [InlineData("""{"label":["com.docker.compose.project=demo","com.docker.compose.service=db"]}""", false)]
    [InlineData("""{"label":["com.docker.compose.project=demo","com.docker.compose.project"]}""", true)]
    public void Matches_ValuesOfAKeyOrButLabelsAnd_KeysAnd(string filters, bool expected)
    {
        Assert.Equal(expected, ContainerFilter.Parse(filters, _ => null).Matches(Web));
    }

    [Theory]
    [InlineData("""{"colour":["red"]}""")]
    [InlineData("not json")]
    [InlineData("""["label"]""")]
    public void Parse_UnknownKeyOrBadJson_IsABadRequest(string filters)
    {
        Assert.Throws<InvalidArgumentException>(() => ContainerFilter.Parse(filters, _ => null));
    }
}

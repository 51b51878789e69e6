using Berth.Agent.Hooks;
using k8s.Models;

namespace Berth.Agent.Tests.Hooks;

public class HookFailureTests
{
    private static readonly V1Pod Pod = new() { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", Uid = "u-1" } };
    private static readonly V1Container Container = new() { Name = "app" };

    [Fact]
    public void Exec_IsWordedAsKubeletsHandlerRunner()
    {
        var message = HookFailure.Exec(Pod, Container, ["sh", "-c", "echo out; echo err >&2; exit 3"], 3, "err\n", "out\nerr\n");

        Assert.Equal(
            "Exec lifecycle hook ([sh -c echo out; echo err >&2; exit 3]) for Container \"app\" in Pod \"web_shop(u-1)\" failed - " +
            "error: command 'sh -c echo out; echo err >&2; exit 3' exited with 3: err\n, message: \"out\\nerr\\n\"",
            message);
    }

    [Theory]
    [InlineData("/stop", "Get \"http://10.1.0.5:80/stop\": dial tcp 10.1.0.5:80: connect: connection refused",
        "HTTP lifecycle hook (/stop) for Container \"app\" in Pod \"web_shop(u-1)\" failed - error: Get \"http://10.1.0.5:80/stop\": dial tcp 10.1.0.5:80: connect: connection refused")]
    [InlineData("", "port http not found", "HTTP lifecycle hook () for Container \"app\" in Pod \"web_shop(u-1)\" failed - error: port http not found")]
    public void Http_NamesThePathAndTheError(string path, string error, string expected) =>
        Assert.Equal(expected, HookFailure.Http(Pod, Container, path, error));

    [Fact]
    public void Sleep_CutShort_SaysTheContainerTerminated() =>
        Assert.Equal(
            "Sleep lifecycle hook (30) for Container \"app\" in Pod \"web_shop(u-1)\" failed - error: container terminated before sleep hook finished",
            HookFailure.Sleep(Pod, Container, 30));
}

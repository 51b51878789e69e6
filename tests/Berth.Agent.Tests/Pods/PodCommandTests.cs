using Berth.Agent.Pods;
using Berth.Engine.Images;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public class PodCommandTests
{
    private static readonly ImageConfig Image = new() { Entrypoint = ["/entry"], Cmd = ["default", "arg"] };

    [Theory]
    [InlineData(null, null, "/entry default arg")]
    [InlineData("sh -c", null, "sh -c")]
    [InlineData(null, "other", "/entry other")]
    [InlineData("run", "a b", "run a b")]
    public void Args_CommandReplacesEntrypointAndCmd_ArgsReplaceCmd(string? command, string? args, string expected)
    {
        var container = new V1Container { Name = "c", Command = command?.Split(' '), Args = args?.Split(' ') };

        Assert.Equal(expected, string.Join(' ', PodCommand.Args(Image, container, [])));
    }

    [Theory]
    [InlineData("metadata.name", "web-1")]
    [InlineData("metadata.labels['app']", "web")]
    [InlineData("metadata.labels['missing']", "")]
    [InlineData("status.podIP", "10.0.0.5")]
    [InlineData("status.hostIP", "192.168.1.2")]
    [InlineData("spec.bogus", null)]
    public void FieldRefs_ResolveTheDownwardApiFields(string path, string? expected)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { NodeName = "n1" },
        };

        Assert.Equal(expected, PodFieldRefs.Resolve(pod, path, "10.0.0.5", "192.168.1.2"));
    }
}

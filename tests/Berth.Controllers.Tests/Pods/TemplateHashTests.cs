using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.Tests.Pods;

public sealed class TemplateHashTests
{
    private static V1PodTemplateSpec Template(string image, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new V1ObjectMeta { Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = image }] },
    };

    [Fact]
    public void Compute_IsStableAndOrderFreeAndMovesWithTheTemplateAndCollisions()
    {
        var a = TemplateHash.Compute(Template("x:1", ("app", "web"), ("tier", "front")), null);

        Assert.Equal(a, TemplateHash.Compute(Template("x:1", ("tier", "front"), ("app", "web")), null));
        Assert.NotEqual(a, TemplateHash.Compute(Template("x:2", ("app", "web"), ("tier", "front")), null));
        Assert.NotEqual(a, TemplateHash.Compute(Template("x:1", ("app", "web"), ("tier", "front")), 1));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", a);
    }

    [Fact]
    public void EqualIgnoringHash_IgnoresOnlyThePodTemplateHashLabel()
    {
        var template = Template("x:1", ("app", "web"));

        Assert.True(TemplateHash.EqualIgnoringHash(template, Template("x:1", ("app", "web"), (TemplateHash.Label, "abc"))));
        Assert.False(TemplateHash.EqualIgnoringHash(template, Template("x:1", ("app", "web"), ("other", "abc"))));
    }
}

using Berth.Controllers.RootCaPublisher;
using k8s.Models;

namespace Berth.Controllers.Tests.RootCaPublisher;

public class RootCaPublisherTests
{
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

    private static V1ConfigMap ConfigMap(Dictionary<string, string>? data, string? description) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = RootCaPublisherController.ConfigMapName,
            Annotations = description is null ? null : new Dictionary<string, string> { [RootCaPublisherController.DescriptionAnnotation] = description },
        },
        Data = data,
    };

    [Fact]
    public void IsCurrent_OnlyTheCaUnderItsKeyWithTheDescription()
    {
        Assert.True(RootCaPublisherController.IsCurrent(ConfigMap(new() { ["ca.crt"] = Pem }, RootCaPublisherController.Description), Pem));
        Assert.False(RootCaPublisherController.IsCurrent(ConfigMap(new() { ["ca.crt"] = "another" }, RootCaPublisherController.Description), Pem));
        Assert.False(RootCaPublisherController.IsCurrent(ConfigMap(new() { ["ca.crt"] = Pem, ["extra"] = "x" }, RootCaPublisherController.Description), Pem));
        Assert.False(RootCaPublisherController.IsCurrent(ConfigMap(new() { ["ca.crt"] = Pem }, null), Pem));
        Assert.False(RootCaPublisherController.IsCurrent(ConfigMap(null, RootCaPublisherController.Description), Pem));
    }
}

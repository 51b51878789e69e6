using System.Text;
using Berth.Engine.Kube;

namespace Berth.Engine.Tests.Kube;

public sealed class KubeManifestTests
{
    private const string Objects = """
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        data:
          password: czNjcmV0
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: cache}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Mi}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: httpd
                image: busybox
                ports: [{containerPort: 80, hostPort: 8080}]
        """;

    [Fact]
    public void Parse_MultiDocumentFile_ReadsEachKindIntoTheModels()
    {
        var manifest = KubeManifest.Parse(Objects);

        Assert.Equal("s3cret", Encoding.UTF8.GetString(manifest.Secrets.Single().Data["password"]));
        Assert.Equal("1Mi", manifest.Claims.Single().Spec.Resources.Requests["storage"].ToString());
        Assert.Equal(["web-pod-0", "web-pod-1"], manifest.PodsToRun().Select(p => p.Name));
        Assert.Equal(8080, manifest.PodsToRun()[0].Spec.Containers[0].Ports[0].HostPort);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n", "kube play does not support kind Service")]
    [InlineData("apiVersion: v1\nmetadata: {name: s}\n", "unable to read kube YAML: a document has no kind")]
    [InlineData("kind: Pod\nmetadata: {name: p\n", "unable to read kube YAML: not valid YAML")]
    [InlineData("kind: Pod\nmetadata: {name: p}\nspec: {containers: oops}\n", "unable to read kube YAML: Pod: ")]
    [InlineData("kind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n", "Pod p: the pod spec needs at least one container")]
    [InlineData("kind: ConfigMap\nmetadata: {name: c}\n", "YAML document does not contain any supported kube kind")]
    public void Parse_BadInput_IsAPreciseError(string yaml, string message)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => KubeManifest.Parse(yaml));

        Assert.StartsWith(message, error.Message);
    }
}

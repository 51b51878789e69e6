using Berth.Engine.Registry;

namespace Berth.Engine.Tests.Registry;

public sealed class RegistryMirrorsTests
{
    private static readonly RegistryMirrors Mirrors = RegistryMirrors.Parse("""
        mirrors:
          docker.io:
            endpoint: ["http://127.0.0.1:5000", "https://backup.example"]
          registry.example:
            endpoint: ["mirror.example:8443"]
            rewrite:
              "^old/(.*)": "new/$1"
        configs:
          "mirror.example:8443":
            auth: {username: bob, password: secret}
            tls: {insecure_skip_verify: true}
        """);

    [Fact]
    public void AMirroredRegistryIsPulledFromItsFirstEndpoint_PlainHttpWhenTheUrlSaysSo()
    {
        var (endpoint, repository, credentials) = Mirrors.Resolve(RegistryReference.Parse("docker.io/library/busybox:latest"))[0]!;

        Assert.Equal(("http://127.0.0.1:5000/", "library/busybox", "docker.io"), (endpoint.BaseUri.ToString(), repository, endpoint.Domain));
        Assert.Null(credentials);
    }

    [Fact]
    public void RewritesAuthAndTlsComeFromTheFile_AndOtherRegistriesAreNotMirrored()
    {
        var (endpoint, repository, credentials) = Mirrors.Resolve(RegistryReference.Parse("registry.example/old/app:1"))[0]!;

        Assert.Equal(("https://mirror.example:8443/", "new/app", false), (endpoint.BaseUri.ToString(), repository, endpoint.TlsVerify));
        Assert.Equal(new RegistryCredentials("bob", "secret"), credentials);
        Assert.Equal([null], Mirrors.Resolve(RegistryReference.Parse("quay.io/x/y:1")));
    }

    [Fact]
    public void APullTriesEachEndpointInOrderThenTheRegistryItself_ButAStarMirrorHasNoUpstream()
    {
        Assert.Equal(["http://127.0.0.1:5000/", "https://backup.example/", null],
            Mirrors.Resolve(RegistryReference.Parse("busybox")).Select(t => t?.Endpoint.BaseUri.ToString()));
        var star = RegistryMirrors.Parse("mirrors: {\"*\": {endpoint: [\"http://127.0.0.1:5000\"]}}");
        Assert.Equal(["http://127.0.0.1:5000/"], star.Resolve(RegistryReference.Parse("quay.io/x/y:1")).Select(t => t?.Endpoint.BaseUri.ToString()));
    }

    [Fact]
    public void AnEndpointThatIsNotAnHttpUrlIsAClearError() =>
        Assert.Contains("endpoint \"ftp://x\" is not an http(s) URL",
            Assert.Throws<InvalidArgumentException>(() => RegistryMirrors.Parse("mirrors: {docker.io: {endpoint: [\"ftp://x\"]}}")).Message);
}

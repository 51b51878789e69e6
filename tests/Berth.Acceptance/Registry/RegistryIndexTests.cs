using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Acceptance.Images;

namespace Berth.Acceptance.Registry;

/// <summary>A multi-platform index in the real registry, pulled by its digest: the image then answers to that digest locally.</summary>
public sealed class RegistryIndexTests(DockerRegistry registry) : IClassFixture<DockerRegistry>, IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly string _repo = $"index{Random.Shared.Next():x}";

    [Fact]
    public async Task PullByIndexDigest_ImageListedInspectedAndRunByThatReference()
    {
        var local = $"localhost/{_repo}:1";
        await TestImages.ImportBusyboxAsync(_root.Path, local);
        var manifest = (await _root.BerthAsync("push", "-q", local, $"{registry.Domain}/{_repo}:amd64")).Stdout.Trim();
        var indexDigest = await PutIndexAsync(manifest);
        var reference = $"{registry.Domain}/{_repo}@{indexDigest}";
        using var other = new TempEngineRoot();

        var pull = await other.BerthAsync("pull", reference);
        var inspect = await other.BerthAsync("image", "inspect", reference);
        var list = await other.BerthAsync("images", "-q");
        var run = await other.BerthAsync("run", "--rm", "--network", "none", reference, "echo", "hello");

        Assert.Equal(0, pull.ExitCode);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Equal(manifest, JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("Digest").GetString());
        Assert.Equal(pull.Stdout.Trim()[..12], list.Stdout.Trim());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello\n", run.Stdout);
    }

    public void Dispose() => _root.Dispose();

    /// <summary>PUTs an OCI index naming the manifest for linux/amd64 and linux/arm64 (the same image, enough for the test); returns its digest.</summary>
    private async Task<string> PutIndexAsync(string manifest)
    {
        using var http = new HttpClient();
        using var get = new HttpRequestMessage(HttpMethod.Get, $"http://{registry.Domain}/v2/{_repo}/manifests/{manifest}");
        get.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        get.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        using var got = await http.SendAsync(get);
        var size = (await got.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync()).Length;
        var mediaType = got.Content.Headers.ContentType!.MediaType;
        var index = Encoding.UTF8.GetBytes(
            """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[""" +
            $$$"""{"mediaType":"{{{mediaType}}}","digest":"{{{manifest}}}","size":{{{size}}},"platform":{"os":"linux","architecture":"arm64"}},""" +
            $$$"""{"mediaType":"{{{mediaType}}}","digest":"{{{manifest}}}","size":{{{size}}},"platform":{"os":"linux","architecture":"amd64"}}]}""");
        var content = new ByteArrayContent(index);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.index.v1+json");
        using var put = await http.PutAsync($"http://{registry.Domain}/v2/{_repo}/manifests/multi", content);
        Assert.Equal(System.Net.HttpStatusCode.Created, put.StatusCode);
        return $"sha256:{Convert.ToHexStringLower(SHA256.HashData(index))}";
    }
}

using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Acceptance.Images;

namespace Berth.Acceptance.Registry;

/// <summary>
/// A real registry holding one three-layer image, <c>layered:1</c> (busybox, then two layers of 2 MiB
/// of random bytes each, which gzip cannot shrink), built and pushed by Berth once for a test class.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LayeredImageRegistry : IAsyncLifetime
{
    private const int RandomFileBytes = 2 << 20;

    public DockerRegistry Registry { get; } = new();

    public string Repository => "layered:1";

    /// <summary>Bytes of the config and every layer blob: what a pull from nothing transfers (besides the manifest).</summary>
    public long BlobBytes { get; private set; }

    public int LayerCount { get; private set; }

    public async Task InitializeAsync()
    {
        await Registry.InitializeAsync();
        using var root = new TempEngineRoot();
        await TestImages.ImportBusyboxAsync(root.Path, "localhost/base:1");
        using var context = new BuildContext();
        context.WithContainerfile("FROM base:1\nCOPY one /one\nCOPY two /two\n");
        await File.WriteAllBytesAsync(Path.Combine(context.Path, "one"), RandomNumberGenerator.GetBytes(RandomFileBytes));
        await File.WriteAllBytesAsync(Path.Combine(context.Path, "two"), RandomNumberGenerator.GetBytes(RandomFileBytes));
        await MustAsync(root, "build", "-t", "localhost/layered:1", context.Path);
        await MustAsync(root, "push", "localhost/layered:1", $"{Registry.Domain}/{Repository}");

        using var manifest = JsonDocument.Parse(await DockerRegistry.RunAsync("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{Registry.Domain}/{Repository}"));
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("size").GetInt64()).ToList();
        LayerCount = layers.Count;
        BlobBytes = layers.Sum() + manifest.RootElement.GetProperty("config").GetProperty("size").GetInt64();
    }

    public Task DisposeAsync() => Registry.DisposeAsync();

    private static async Task MustAsync(TempEngineRoot root, params string[] args)
    {
        var result = await root.BerthAsync(args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"berth {string.Join(' ', args)} failed: {result.Stderr}");
        }
    }
}

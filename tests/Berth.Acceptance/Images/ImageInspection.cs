using System.Text.Json;

namespace Berth.Acceptance.Images;

/// <summary>What `berth image inspect` says about an image, for build tests.</summary>
public static class ImageInspection
{
    /// <summary>The image's snapshot directories, lowest first.</summary>
    public static async Task<List<string>> LayerDirectoriesAsync(TempEngineRoot root, string image) =>
        (await InspectAsync(root, image)).GetProperty("LayerDirectories").EnumerateArray().Select(e => e.GetString()!).ToList();

    public static async Task<JsonElement> InspectAsync(TempEngineRoot root, string image)
    {
        var inspect = await root.BerthAsync("image", "inspect", image);
        return inspect.ExitCode == 0
            ? JsonDocument.Parse(inspect.Stdout).RootElement[0].Clone()
            : throw new InvalidOperationException($"image inspect {image} failed: {inspect.Stderr}");
    }
}

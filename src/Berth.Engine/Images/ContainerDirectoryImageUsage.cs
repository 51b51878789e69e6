using System.Text.Json;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>
/// Reads image usage straight from the runtime's records, ROOT/containers/&lt;id&gt;/state.json, whose
/// "ImageId" (and "Name") properties are the contract. A record that cannot be read is skipped: it
/// is being written (they are replaced by rename) or removed.
/// </summary>
public sealed class ContainerDirectoryImageUsage(EngineLayout layout) : IImageUsage
{
    private const string RecordFile = "state.json";
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true };

    public async Task<IReadOnlyList<ImageUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        var users = new List<ImageUser>();
        if (!Directory.Exists(layout.ContainersDirectory))
        {
            return users;
        }
        foreach (var dir in Directory.EnumerateDirectories(layout.ContainersDirectory))
        {
            try
            {
                await using var file = File.OpenRead(Path.Combine(dir, RecordFile));
                using var record = await JsonDocument.ParseAsync(file, Options, cancellationToken);
                if (Property(record.RootElement, "ImageId") is { } imageId)
                {
                    var id = Path.GetFileName(dir);
                    users.Add(new ImageUser(id, Property(record.RootElement, "Name") ?? id, imageId));
                }
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
            }
        }
        return users;
    }

    private static string? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }
        return null;
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>
/// Registry credentials in the docker config.json format (<c>{"auths": {"host": {"auth": base64("user:pass")}}}</c>),
/// as Podman's auth.json. Other keys in the file are kept untouched when it is rewritten.
/// </summary>
public sealed class AuthFile(string path, string? fallbackPath = null)
{
    public string Path { get; } = path;

    /// <summary>
    /// Podman's choice: $REGISTRY_AUTH_FILE, else ${XDG_RUNTIME_DIR:-/run/user/UID}/containers/auth.json;
    /// ~/.docker/config.json is read when that has no entry.
    /// </summary>
    public static AuthFile Default()
    {
        var explicitPath = Environment.GetEnvironmentVariable("REGISTRY_AUTH_FILE");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return new AuthFile(explicitPath);
        }
        var runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (string.IsNullOrEmpty(runtimeDir))
        {
            runtimeDir = $"/run/user/{Environment.GetEnvironmentVariable("UID") ?? "0"}";
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new AuthFile(System.IO.Path.Combine(runtimeDir, "containers", "auth.json"), System.IO.Path.Combine(home, ".docker", "config.json"));
    }

    /// <summary>The credentials stored for <paramref name="registry"/>, or null.</summary>
    public RegistryCredentials? Find(string registry) =>
        Find(Path, registry) ?? (fallbackPath is null ? null : Find(fallbackPath, registry));

    public async Task StoreAsync(string registry, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        var document = Load(Path) ?? new JsonObject();
        if (document["auths"] is not JsonObject auths)
        {
            auths = new JsonObject();
            document["auths"] = auths;
        }
        auths[registry] = new JsonObject { ["auth"] = credentials.Encoded };
        await SaveAsync(document, cancellationToken);
    }

    /// <summary>Removes the entry; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string registry, CancellationToken cancellationToken)
    {
        var document = Load(Path);
        if (document?["auths"] is not JsonObject auths || !auths.Remove(registry))
        {
            return false;
        }
        await SaveAsync(document, cancellationToken);
        return true;
    }

    private static RegistryCredentials? Find(string path, string registry)
    {
        if (Load(path)?["auths"] is not JsonObject auths)
        {
            return null;
        }
        // Docker keys Docker Hub as a URL; others by host, sometimes with a scheme.
        var keys = registry == "docker.io"
            ? new[] { "docker.io", "https://index.docker.io/v1/", "index.docker.io" }
            : [registry, $"https://{registry}", $"http://{registry}"];
        return keys.Select(key => auths[key]?["auth"]?.GetValue<string>()).Select(RegistryCredentials.Decode).FirstOrDefault(c => c is not null);
    }

    private static JsonObject? Load(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new BerthException($"{path}: not a JSON object");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException ex)
        {
            throw new BerthException($"{path}: invalid auth file: {ex.Message}");
        }
    }

    private async Task SaveAsync(JsonObject document, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var bytes = Encoding.UTF8.GetBytes(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await AtomicFile.WriteAllBytesAsync(System.IO.Path.GetFullPath(Path), bytes, cancellationToken);
        // Passwords: readable by the owner only, as Podman writes auth.json.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

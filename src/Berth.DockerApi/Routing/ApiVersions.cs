namespace Berth.DockerApi.Routing;

/// <summary>The Docker Engine API versions this socket serves; clients negotiate down to <see cref="Newest"/> through /_ping.</summary>
public static class ApiVersions
{
    public static Version Newest { get; } = new(1, 47);

    /// <summary>Docker's own minimum (dockerd 25+ serves 1.24 and later).</summary>
    public static Version Oldest { get; } = new(1, 24);

    public static string Format(Version version) => $"{version.Major}.{version.Minor}";
}

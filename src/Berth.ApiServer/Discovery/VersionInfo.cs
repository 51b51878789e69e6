using System.Text.Json.Nodes;

namespace Berth.ApiServer.Discovery;

/// <summary>
/// <c>/version</c>. kubectl's dispatcher picks its client by the server's minor version, so Berth
/// reports the Kubernetes API level it implements.
/// </summary>
public static class VersionInfo
{
    public const string Major = "1";
    public const string Minor = "32";
    public const string GitVersion = "v1.32.0+berth";

    public static JsonObject Document() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = $"dotnet{Environment.Version}",
        ["compiler"] = "dotnet",
        ["platform"] = "linux/amd64",
    };
}

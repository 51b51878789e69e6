using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.SystemInfo;

namespace Berth.DockerApi.SystemInfo;

/// <summary>/_ping (version negotiation), /version and /info.</summary>
public sealed class SystemRoutes(DockerApiContext context)
{
    /// <summary>Berth's version in the form Docker's clients print.</summary>
    public static string Version => EngineInfo.BerthVersion;

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/_ping", PingAsync)
        .Map("GET", "/version", VersionAsync)
        .Map("GET", "/info", InfoAsync);

    /// <summary>"OK" with the API-Version header: what clients negotiate their version from (HEAD too).</summary>
    private static async Task PingAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        response.Headers["Cache-Control"] = "no-cache, no-store, must-revalidate";
        response.Headers["Pragma"] = "no-cache";
        // The legacy builder: `docker build` without BuildKit.
        response.Headers["Builder-Version"] = "1";
        await response.WriteTextAsync(200, "OK", cancellationToken);
    }

    private static async Task VersionAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var kernel = KernelVersion();
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["Platform"] = new JsonObject { ["Name"] = "Berth" },
            ["Components"] = new JsonArray(new JsonObject
            {
                ["Name"] = "Engine",
                ["Version"] = Version,
                ["Details"] = new JsonObject { ["ApiVersion"] = ApiVersions.Format(ApiVersions.Newest), ["MinAPIVersion"] = ApiVersions.Format(ApiVersions.Oldest), ["Os"] = "linux", ["Arch"] = "amd64" },
            }),
            ["Version"] = Version,
            ["ApiVersion"] = ApiVersions.Format(ApiVersions.Newest),
            ["MinAPIVersion"] = ApiVersions.Format(ApiVersions.Oldest),
            ["GitCommit"] = "",
            ["GoVersion"] = RuntimeInformation.FrameworkDescription,
            ["Os"] = "linux",
            ["Arch"] = "amd64",
            ["KernelVersion"] = kernel,
            ["BuildTime"] = "",
        }, cancellationToken);
    }

    private async Task InfoAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var info = await EngineInfo.ReadAsync(context.Engine, cancellationToken);
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["ID"] = "berth",
            ["Containers"] = info.Store.Containers,
            ["ContainersRunning"] = info.Store.Running,
            ["ContainersPaused"] = info.Store.Paused,
            ["ContainersStopped"] = info.Store.Stopped,
            ["Images"] = info.Store.Images,
            ["Driver"] = "overlay",
            ["DockerRootDir"] = info.Store.GraphRoot,
            ["Name"] = info.Host.Hostname,
            ["ServerVersion"] = Version,
            ["OperatingSystem"] = "Berth",
            ["OSType"] = "linux",
            ["Architecture"] = RuntimeInformation.OSArchitecture == Architecture.X64 ? "x86_64" : info.Host.Arch,
            ["NCPU"] = info.Host.Cpus,
            ["MemTotal"] = info.Host.MemTotal,
            ["KernelVersion"] = info.Host.Kernel,
            ["CgroupDriver"] = "cgroupfs",
            ["CgroupVersion"] = info.Host.CgroupVersion[1..],
            ["DefaultRuntime"] = info.Host.Runtime,
            ["Runtimes"] = new JsonObject { [info.Host.Runtime] = new JsonObject { ["path"] = info.Host.RuntimePath } },
            ["Plugins"] = new JsonObject
            {
                ["Volume"] = new JsonArray(),
                ["Network"] = new JsonArray("bridge", "host", "null"),
                ["Log"] = new JsonArray("k8s-file"),
            },
            ["RegistryConfig"] = new JsonObject { ["IndexConfigs"] = new JsonObject(), ["InsecureRegistryCIDRs"] = new JsonArray("127.0.0.0/8") },
            ["SecurityOptions"] = new JsonArray("name=seccomp,profile=default"),
            ["Warnings"] = new JsonArray(),
        }, cancellationToken);
    }

    private static string KernelVersion() => File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
}

using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Containers;

namespace Berth.DockerApi.SystemInfo;

/// <summary>/_ping (version negotiation), /version and /info.</summary>
public sealed class SystemRoutes(DockerApiContext context)
{
    /// <summary>Berth's version in the form Docker's clients print, from the assembly's informational version.</summary>
    public static string Version { get; } = (typeof(SystemRoutes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

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
        var containers = context.Engine.Containers.States.ListRefreshed();
        var images = await context.Engine.Images.ListAsync(cancellationToken);
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["ID"] = "berth",
            ["Containers"] = containers.Count,
            ["ContainersRunning"] = containers.Count(c => c.Status == ContainerStatus.Running),
            ["ContainersPaused"] = containers.Count(c => c.Status == ContainerStatus.Paused),
            ["ContainersStopped"] = containers.Count(c => c.Status is ContainerStatus.Exited or ContainerStatus.Created),
            ["Images"] = images.Count,
            ["Driver"] = "overlay",
            ["DockerRootDir"] = context.Engine.Root,
            ["Name"] = Environment.MachineName,
            ["ServerVersion"] = Version,
            ["OperatingSystem"] = "Berth",
            ["OSType"] = "linux",
            ["Architecture"] = "x86_64",
            ["NCPU"] = Environment.ProcessorCount,
            ["MemTotal"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            ["KernelVersion"] = KernelVersion(),
            ["CgroupDriver"] = "cgroupfs",
            ["DefaultRuntime"] = context.Engine.Options.Runtime,
            ["Runtimes"] = new JsonObject { ["runc"] = new JsonObject { ["path"] = "runc" } },
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

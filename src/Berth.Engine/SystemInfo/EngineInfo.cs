using System.Reflection;
using System.Runtime.InteropServices;
using Berth.Engine.Containers;

namespace Berth.Engine.SystemInfo;

/// <summary>What `berth info` and the Docker API's /info tell: the host, the engine root and Berth's version.</summary>
public sealed record EngineInfo(HostInfo Host, StoreInfo Store, string Version)
{
    /// <summary>Berth's version in the form clients print, from the assembly's informational version.</summary>
    public static string BerthVersion { get; } =
        (typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static async Task<EngineInfo> ReadAsync(BerthEngine engine, CancellationToken cancellationToken)
    {
        var containers = engine.Containers.States.ListRefreshed();
        var images = await engine.Images.ListAsync(cancellationToken);
        var memory = ProcFile("/proc/meminfo").Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => long.TryParse(p[1].Trim().Split(' ')[0], out var kib) ? kib * 1024 : 0);
        var release = ProcFile("/etc/os-release").Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        return new EngineInfo(
            new HostInfo
            {
                Arch = RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var other => other.ToString().ToLowerInvariant() },
                Kernel = ProcFile("/proc/sys/kernel/osrelease").Trim(),
                Hostname = Environment.MachineName,
                Cpus = Environment.ProcessorCount,
                MemTotal = memory.GetValueOrDefault("MemTotal"),
                MemFree = memory.GetValueOrDefault("MemFree"),
                Uptime = TimeSpan.FromSeconds(double.TryParse(ProcFile("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var up) ? up : 0),
                Distribution = release.GetValueOrDefault("ID", ""),
                DistributionVersion = release.GetValueOrDefault("VERSION_ID", ""),
                CgroupVersion = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "v2" : "v1",
                Runtime = engine.Options.Runtime,
                RuntimePath = FindOnPath(engine.Options.Runtime),
            },
            new StoreInfo
            {
                GraphRoot = engine.Root,
                VolumePath = Path.Combine(engine.Root, "volumes"),
                Containers = containers.Count,
                Running = containers.Count(c => c.Status == ContainerStatus.Running),
                Paused = containers.Count(c => c.Status == ContainerStatus.Paused),
                Stopped = containers.Count(c => c.Status is ContainerStatus.Exited or ContainerStatus.Created),
                Images = images.Count,
            },
            BerthVersion);
    }

    private static string ProcFile(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static string FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists) ?? program;
}

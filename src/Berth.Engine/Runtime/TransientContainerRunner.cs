using System.Security.Cryptography;
using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Runtime;

/// <summary>
/// Runs a command to completion in a throwaway container (a build's RUN step): mounts the overlay,
/// writes a bundle, runs it in the foreground with the runtime, and removes everything but the upper directory.
/// </summary>
public sealed class TransientContainerRunner(IRuntimeDriver driver)
{
    /// <summary>Where bundles of transient containers live while they run.</summary>
    public static string BundleRoot { get; } = Path.Combine(RuntimeDriverFactory.StateRoot, "transient");

    /// <summary>Streams the command's stdout and stderr to the given streams; returns its exit code (127: command not found).</summary>
    public async Task<int> RunAsync(TransientContainerRequest request, Stream stdout, Stream stderr, CancellationToken cancellationToken = default)
    {
        if (request.Network is not (NetworkMode.None or NetworkMode.Host))
        {
            throw new BerthException("a transient container runs with network none or host");
        }
        var id = "berth-run-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var bundle = Path.Combine(BundleRoot, id);
        var rootfs = Path.Combine(bundle, "rootfs");
        var upper = Path.GetFullPath(request.UpperDirectory);
        // overlayfs needs its work directory on the upper directory's filesystem.
        var work = Path.Combine(Path.GetDirectoryName(upper)!, $".{Path.GetFileName(upper)}.{id}.work");
        Directory.CreateDirectory(bundle);
        try
        {
            OverlayRootfs.Mount(request.LowerDirectories, upper, work, rootfs);
            var spec = SpecGenerator.Generate(new BundleOptions
            {
                RootfsPath = rootfs,
                Args = request.Args,
                Env = request.Env,
                WorkingDir = request.WorkingDir,
                User = UserResolver.Resolve(request.User, rootfs),
                Hostname = request.Hostname,
                Network = request.Network,
                Mounts = EtcMountsPresentIn(rootfs, bundle, request),
                CgroupsPath = ContainerCgroup.PathOf(id),
            });
            await File.WriteAllBytesAsync(Path.Combine(bundle, "config.json"), RuntimeSpecWriter.Serialize(spec), cancellationToken);
            return await driver.RunAsync(id, bundle, stdout, stderr, cancellationToken);
        }
        finally
        {
            OverlayRootfs.Unmount(rootfs);
            Directory.Delete(bundle, recursive: true);
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>Only files the image already has are covered, so the step's layer gains no empty /etc files.</summary>
    private static IReadOnlyList<BindMount> EtcMountsPresentIn(string rootfs, string bundle, TransientContainerRequest request) =>
        EtcFiles.Write(Path.Combine(bundle, "etc"), request.Hostname, request.Network, null)
            .Where(m => File.Exists(Path.Combine(rootfs, m.Destination.TrimStart('/'))))
            .ToList();
}

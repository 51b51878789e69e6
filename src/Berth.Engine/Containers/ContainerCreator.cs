using Berth.Engine.Events;
using Berth.Engine.Health;
using Berth.Engine.Images;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Networks.Dns;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Shim;
using Berth.Engine.Runtime.Spec;
using Berth.Engine.Volumes;

namespace Berth.Engine.Containers;

/// <summary>
/// Creates a container: resolves the image and reserves id and name under the containers' lock (so a
/// concurrent prune or rmi either keeps the image or had removed it: "image not known"), mounts the
/// overlay rootfs, attaches the network, writes the OCI bundle and has the shim create it (not yet
/// started). Undoes every step when one fails.
/// </summary>
public sealed class ContainerCreator(
    ContainerStore store, IImageResolver images, Func<string, IRuntimeDriver> drivers, string runtime, EndpointAttacher? endpoints,
    ContainerCleaner cleaner, ContainerExitCommand? exitCommand, ContainerMounts mounts, VolumeStore volumes, VolumeRemover volumeRemover, NetworkStore networks,
    NameServerLauncher? nameServer, EventLog events)
{
    public async Task<ContainerRecord> CreateAsync(ContainerCreateRequest request, CancellationToken cancellationToken = default)
    {
        if ((request.Network == NetworkMode.Pod) != (request.PodNetwork is not null))
        {
            throw new InvalidArgumentException("a pod's network namespace is needed exactly with the pod network mode");
        }
        if ((request.Network == NetworkMode.Container) != (request.NetworkContainer is not null))
        {
            throw new InvalidArgumentException("the container whose network namespace to join is needed exactly with the container network mode");
        }
        if ((request.HostPid && request.PidNamespacePath is not null) || (request.HostIpc && request.IpcNamespacePath is not null))
        {
            throw new InvalidArgumentException("a container joins either the host's process or IPC namespace or another one, not both");
        }
        if (request.Ports.Count > 0 && request.Network != NetworkMode.Bridge)
        {
            throw new InvalidArgumentException("port publishing (-p) needs --network bridge");
        }
        if (request.AutoRemove && !request.RestartPolicy.AllowsAutoRemove)
        {
            throw new InvalidArgumentException("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"");
        }
        request.Limits.Validated();
        if (request.Network == NetworkMode.Bridge && endpoints is null)
        {
            throw new BerthException("bridge networking is not available in this build: use --network none or --network host");
        }
        var (record, image) = await store.AllocateAsync(request.Name, async (id, name) =>
        {
            var resolved = await images.ResolveAsync(request.Image, cancellationToken);
            // Under the store's lock, which a network's removal takes: the network stays while the container is on it.
            var endpoints = Endpoints(request);
            // Under the store's lock too, which a volume's removal also takes: the volume stays while it is mounted. Last,
            // so that no check after it can fail and leave the anonymous volumes it makes behind.
            var resolvedMounts = mounts.Resolve(request, resolved.Config);
            var record = NewRecord(id, name, resolved, request with { Mounts = resolvedMounts, Networks = endpoints });
            // Under the lock too, as a removal checks for containers that join the one it removes.
            return (record with
            {
                NetworkContainerId = request.NetworkContainer is { } joined ? FindNetworkContainer(store, joined).Id : null,
                RunByClient = RunsByClient(request, record),
            }, resolved);
        });
        var args = record.Command;
        var paths = store.PathsOf(record.Id);
        try
        {
            (record, var attachment) = await MountAndAttachAsync(record, image, cancellationToken);
            mounts.CopyUp(record, paths.Rootfs);
            var hostname = record.Hostname!;
            var spec = SpecGenerator.Generate(new BundleOptions
            {
                RootfsPath = paths.Rootfs,
                Args = args,
                Env = record.Env,
                WorkingDir = record.WorkingDir!,
                User = UserResolver.Resolve(record.User, paths.Rootfs),
                Hostname = hostname,
                Terminal = request.Terminal,
                // A mount of the caller's on /etc/resolv.conf, /etc/hosts or /etc/hostname replaces the engine's (a pod's resolv.conf is the agent's).
                Mounts = [.. WriteEtcFiles(record, hostname).Where(m => !record.Mounts.Any(u => u.Destination == m.Destination)), .. record.Mounts],
                Tmpfs = record.Tmpfs,
                Limits = request.Limits,
                Seccomp = request.Seccomp,
                Security = request.Security,
                Network = request.Network,
                NetworkNamespacePath = attachment?.NamespacePath,
                PidNamespacePath = request.PidNamespacePath,
                IpcNamespacePath = request.IpcNamespacePath,
                UtsNamespacePath = request.UtsNamespacePath,
                HostPid = request.HostPid,
                HostIpc = request.HostIpc,
                CgroupsPath = ContainerCgroup.PathOf(record.Id),
            });
            // Written synchronously: an async write of a regular file is a blocking write on a thread-pool thread.
            File.WriteAllBytes(paths.Config, RuntimeSpecWriter.Serialize(spec));
            record = await CreateInShimAsync(record, cancellationToken);
            events.Container("create", record);
            return record;
        }
        catch
        {
            await cleaner.RemoveAsync(record, CancellationToken.None);
            volumeRemover.RemoveAnonymousOf(record);
            throw;
        }
    }

    private ContainerRecord NewRecord(string id, string name, ResolvedImage image, ContainerCreateRequest request) => new()
    {
        Id = id,
        Name = name,
        ImageId = image.Id,
        ImageReference = image.Reference,
        Command = CommandOf(image.Config, request.Entrypoint, request.Command),
        Created = DateTimeOffset.UtcNow,
        Runtime = drivers(request.Runtime ?? runtime).Name,
        Network = request.Network,
        PodNetwork = request.PodNetwork,
        Pod = request.Pod,
        Ports = request.Ports,
        Networks = request.Networks,
        Mounts = request.Mounts,
        Tmpfs = request.Tmpfs,
        Terminal = request.Terminal,
        Interactive = request.Interactive,
        AutoRemove = request.AutoRemove,
        RestartPolicy = request.RestartPolicy,
        Resources = request.Limits,
        Labels = request.Labels,
        Env = MergeEnv(image.Config.Env, request.Env),
        WorkingDir = request.WorkingDir ?? NonEmpty(image.Config.WorkingDir) ?? "/",
        User = request.User ?? NonEmpty(image.Config.User),
        Hostname = request.Hostname ?? id[..12],
        Healthcheck = request.Healthcheck is { } health ? HealthcheckSettings.Resolve(image.Config.Healthcheck, health) : null,
    };

    /// <summary>
    /// Whether the client that asked (<see cref="ContainerCreateRequest.ClientRuns"/>) runs the container itself: an --rm one without
    /// a terminal, on a runtime whose own failures it can tell apart, outside a pod and another container's network namespace (those
    /// start their dependencies), and without a health check (its monitor needs the shim's exit command).
    /// </summary>
    private bool RunsByClient(ContainerCreateRequest request, ContainerRecord record) =>
        request is { ClientRuns: true, AutoRemove: true, Terminal: false, Pod: null, NetworkContainer: null }
        && record is { Network: not (NetworkMode.Pod or NetworkMode.Container), Healthcheck: null }
        && drivers(record.Runtime).TellsRunFailuresApart;

    /// <summary>
    /// Brings an exited container back to Created, as `podman start` does: the same bundle, config and
    /// upper layer, with a fresh rootfs mount, network attachment (the address may change) and shim.
    /// The caller holds the container's lock; on failure the container is released and stays Exited.
    /// </summary>
    public async Task<ContainerRecord> RecreateAsync(ContainerRecord record, CancellationToken cancellationToken = default)
    {
        var image = await images.ResolveAsync(record.ImageId, cancellationToken);
        var paths = store.PathsOf(record.Id);
        // The shim's exit command may not have released the last run yet (a `start` right after the exit):
        // the runtime would refuse to create the same id again.
        await cleaner.ReleaseLockedAsync(record, cancellationToken);
        // After a reboot the exit files' directory (on the /run tmpfs) is gone with them; the shim makes it again.
        foreach (var leftover in new[] { paths.ExitFile, paths.OomFile, paths.ShimPidFile }.Where(File.Exists))
        {
            File.Delete(leftover);
        }
        try
        {
            (record, var attachment) = await MountAndAttachAsync(record, image, cancellationToken);
            if (record.Network == NetworkMode.Container)
            {
                // The joined container may have started again since, with another process holding its namespace.
                await BundleNetworkNamespace.WriteAsync(paths.Config, attachment!.NamespacePath, cancellationToken);
            }
            RewriteEtcFiles(record);
            return await CreateInShimAsync(record with { Status = ContainerStatus.Created, ExitCode = null, OomKilled = false }, cancellationToken);
        }
        catch
        {
            await cleaner.ReleaseLockedAsync(record, CancellationToken.None);
            throw;
        }
    }

    private async Task<(ContainerRecord, NetworkAttachment?)> MountAndAttachAsync(ContainerRecord record, ResolvedImage image, CancellationToken cancellationToken)
    {
        var paths = store.PathsOf(record.Id);
        OverlayRootfs.Mount(image.LayerDirectories, paths.Upper, paths.Work, paths.Rootfs, throwaway: record.AutoRemove);
        foreach (var volume in record.Mounts.Select(m => m.VolumeName).OfType<string>())
        {
            volumes.MountIfNeeded(volume);
        }
        if (record.Network == NetworkMode.Pod)
        {
            return (record with { IPAddress = record.PodNetwork!.IPAddress }, record.PodNetwork);
        }
        if (record.Network == NetworkMode.Container)
        {
            var joined = JoinedNamespace(record);
            return (record with { IPAddress = joined.IPAddress }, joined);
        }
        if (record.Network != NetworkMode.Bridge)
        {
            return (record, null);
        }
        if (record.Networks.Count == 0)
        {
            var attachment = await endpoints!.AttachDefaultAsync(record.Id, record.Ports, cancellationToken);
            return (record with { IPAddress = attachment.IPAddress }, attachment);
        }
        var attached = new List<NetworkEndpoint>();
        NetworkAttachment? primary = null;
        foreach (var endpoint in record.Networks)
        {
            var (done, attachment) = await endpoints!.AttachAsync(record.Id, endpoint, primary is null ? record.Ports : [], cancellationToken);
            primary ??= attachment;
            attached.Add(done);
        }
        return (record with { IPAddress = primary!.IPAddress, Networks = attached }, primary);
    }

    /// <summary>
    /// Writes the container's /etc/hosts and /etc/resolv.conf again for its networks as they are now (a restart, a
    /// network connected or disconnected); in place, so a running container sees them through its bind mounts.
    /// </summary>
    public void RewriteEtcFiles(ContainerRecord record) =>
        WriteEtcFiles(record, File.ReadAllText(Path.Combine(store.PathsOf(record.Id).Etc, "hostname")).Trim());

    private IReadOnlyList<BindMount> WriteEtcFiles(ContainerRecord record, string hostname) => record.NetworkContainerId is { } joined
        ? EtcFiles.WriteJoined(store.PathsOf(record.Id).Etc, hostname, store.PathsOf(joined).Etc)
        : EtcFiles.Write(store.PathsOf(record.Id).Etc, hostname, record.Network, record.IPAddress, HostsAlias(record), nameServer is null ? null : endpoints?.NameServers(record));

    /// <summary>The container named by `--network container:NAME|ID`, with Podman's wording when there is none.</summary>
    public static ContainerRecord FindNetworkContainer(ContainerStore store, string nameOrId)
    {
        try
        {
            return store.Find(nameOrId);
        }
        catch (NotFoundException e)
        {
            throw new NotFoundException($"looking up container to share net namespace with: {e.Message}");
        }
    }

    /// <summary>
    /// The namespace of the container this one joins, through its process (whatever network mode it has itself), and its
    /// address; it must have a process: created, running or paused.
    /// </summary>
    private NetworkAttachment JoinedNamespace(ContainerRecord record)
    {
        var joined = store.Load(record.NetworkContainerId!) ?? throw new NotFoundException($"the container {record.NetworkContainerId} whose network namespace {record.Name} joins is gone");
        if (joined.Status is not (ContainerStatus.Created or ContainerStatus.Running or ContainerStatus.Paused) || joined.Pid <= 0)
        {
            throw new ConflictException($"cannot join network of a non running container: {joined.Name}");
        }
        return new NetworkAttachment($"/proc/{joined.Pid}/ns/net", joined.IPAddress ?? "", 0, "", "");
    }

    /// <summary>The request's user networks, checked to exist, with their interfaces eth0, eth1… in order.</summary>
    private List<NetworkEndpoint> Endpoints(ContainerCreateRequest request)
    {
        if (request.Networks.Count > 0 && request.Network != NetworkMode.Bridge)
        {
            throw new InvalidArgumentException($"user networks need the bridge network mode, not {request.Network.ToString().ToLowerInvariant()}");
        }
        var endpoints = new List<NetworkEndpoint>();
        foreach (var endpoint in request.Networks)
        {
            // Not a NotFoundException: Docker clients read a 404 from create as a missing image and pull it.
            var found = networks.TryFind(endpoint.Network) ?? throw new InvalidArgumentException($"network {endpoint.Network} not found");
            if (endpoints.Any(e => e.Network == found.Name))
            {
                throw new InvalidArgumentException($"network {found.Name} is given twice");
            }
            endpoints.Add(endpoint with
            {
                Network = found.Name,
                InterfaceName = $"eth{endpoints.Count}",
                RequestedIPAddress = endpoint.RequestedIPAddress is { } address ? StaticAddress.Checked(address, found) : null,
            });
        }
        return endpoints;
    }

    /// <summary>
    /// Has the shim run the runtime's create on the bundle, unless the container's client runs it (<see cref="ContainerRecord.RunByClient"/>);
    /// saves the record with the container's pid.
    /// </summary>
    private async Task<ContainerRecord> CreateInShimAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (!record.RunByClient)
        {
            var paths = store.PathsOf(record.Id);
            var shim = new ConmonShim(drivers(record.Runtime));
            var pid = await shim.CreateAsync(new ShimRequest(record.Id, record.Name, paths.Directory, paths.Log)
            {
                Terminal = record.Terminal,
                Stdin = record.Interactive,
                ExitCommand = exitCommand?.For(record) ?? [],
            }, cancellationToken);
            record = record with { Pid = pid };
        }
        store.Save(record);
        if (record.Networks.Count > 0)
        {
            nameServer?.EnsureRunning(); // after the save: the name server reads the record
        }
        return record;
    }

    /// <summary>
    /// ENTRYPOINT + (the user's command, else CMD), as the OCI image config defines it; an entrypoint the
    /// user gives replaces the image's and drops its CMD, as Docker does.
    /// </summary>
    public static IReadOnlyList<string> CommandOf(ImageConfig config, IReadOnlyList<string>? entrypoint, IReadOnlyList<string> command) =>
        entrypoint is not null
            ? [.. entrypoint, .. command]
            : [.. config.Entrypoint ?? [], .. command.Count > 0 ? command : config.Cmd ?? []];

    /// <summary>The image's environment with the user's -e entries overriding by name.</summary>
    public static IReadOnlyList<string> MergeEnv(IReadOnlyList<string> imageEnv, IReadOnlyList<string> overrides)
    {
        var merged = new List<string>(imageEnv);
        foreach (var entry in overrides)
        {
            var key = entry.Split('=', 2)[0];
            var value = entry.Contains('=') ? entry : Environment.GetEnvironmentVariable(key) is { } host ? $"{key}={host}" : null;
            if (value is null)
            {
                continue;
            }
            merged.RemoveAll(e => e.Split('=', 2)[0] == key);
            merged.Add(value);
        }
        return merged;
    }

    /// <summary>A container's name is an alias in its /etc/hosts; a pod's containers answer to the pod's name only, as in Kubernetes.</summary>
    private static string? HostsAlias(ContainerRecord record) => record.Network == NetworkMode.Pod ? null : record.Name;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

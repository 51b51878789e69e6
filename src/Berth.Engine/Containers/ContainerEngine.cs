using Berth.Engine.Containers.Changes;
using Berth.Engine.Containers.Files;
using Berth.Engine.Events;
using Berth.Engine.Health;
using Berth.Engine.Images;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Networks.Dns;
using Berth.Engine.Processes;
using Berth.Engine.Runtime;
using Berth.Engine.Stats;
using Berth.Engine.Volumes;

namespace Berth.Engine.Containers;

/// <summary>Composes the container services for one engine root: what the CLI and the agent use.</summary>
public sealed class ContainerEngine
{
    /// <param name="exitCommand">Run by the shim when a container exits (cleanup); none when null.</param>
    /// <param name="nameServerCommand">Starts the root's name server for user networks; none when null.</param>
    /// <param name="self">`berth --root ROOT`, which runs health checks' monitors; none when null.</param>
    public ContainerEngine(
        string engineRoot, string runtime, IImageResolver images, IContainerNetwork? network, ContainerExitCommand? exitCommand = null, TimeProvider? time = null,
        NetworkStore? networks = null, IReadOnlyList<string>? nameServerCommand = null, EngineSelfCommand? self = null)
    {
        time ??= TimeProvider.System;
        var drivers = new Dictionary<string, IRuntimeDriver>();
        IRuntimeDriver DriverFor(string name)
        {
            if (!drivers.TryGetValue(name, out var driver))
            {
                drivers[name] = driver = RuntimeDriverFactory.Create(name);
            }
            return driver;
        }
        Store = new ContainerStore(engineRoot);
        Volumes = new VolumeStore(engineRoot);
        Networks = networks ?? new NetworkStore(engineRoot);
        Events = new EventLog(engineRoot, time);
        States = new ContainerStateReader(Store, Events);
        Health = new HealthStore(Store);
        var healthMonitors = new HealthMonitors(Store, Health, self);
        var cleaner = new ContainerCleaner(Store, DriverFor, network, healthMonitors);
        var endpoints = network is null ? null : new EndpointAttacher(network, Networks);
        var nameServer = nameServerCommand is null ? null : new NameServerLauncher(Networks, nameServerCommand);
        VolumeRemover = new VolumeRemover(Volumes, Store);
        Creator = new ContainerCreator(Store, images, DriverFor, runtime, endpoints, cleaner, exitCommand, new ContainerMounts(Store, Volumes), Volumes, VolumeRemover, Networks, nameServer, Events);
        NetworkConnector = new ContainerNetworkConnector(Store, States, Networks, endpoints, Creator, nameServer, Events);
        Lifecycle = new ContainerLifecycle(Store, States, DriverFor, cleaner, Creator, VolumeRemover, Events, time, healthMonitors);
        ForegroundRunner = new ForegroundRunner(Store, DriverFor, Lifecycle, Events, time);
        NetworkContainers = new NetworkContainerPreparer(Store, Lifecycle);
        Updater = new ContainerUpdater(Store, States, DriverFor, Events);
        HealthChecker = new HealthChecker(States, Lifecycle, Health, Events, self, Store, time);
        HealthMonitor = new HealthMonitor(Store, States, HealthChecker, healthMonitors, time);
        HealthMonitors = healthMonitors;
        Logs = new ContainerLogReader(Store, States);
        Cleaner = cleaner;
        Files = new ContainerFiles(Store, images, Events);
        Changes = new ContainerChanges(Store, images);
        Copier = new ContainerCopier(States, Files);
        Sampler = new ContainerSampler(time);
        Top = new ContainerTop(time, Lifecycle);
    }

    public ContainerStore Store { get; }
    public VolumeStore Volumes { get; }

    /// <summary>Removes volumes no container uses, and the anonymous volumes of removed containers.</summary>
    public VolumeRemover VolumeRemover { get; }
    public NetworkStore Networks { get; }
    public ContainerStateReader States { get; }

    /// <summary>What happens to the root's containers (and images and volumes), for `events` and the Docker API's /events.</summary>
    public EventLog Events { get; }
    public ContainerCreator Creator { get; }
    public ContainerLifecycle Lifecycle { get; }

    /// <summary>Runs a container its client runs itself, without a shim (a foreground `run --rm` without a terminal).</summary>
    public ForegroundRunner ForegroundRunner { get; }

    /// <summary>Readies the container a `--network container:` one joins, before <see cref="Creator"/> creates it.</summary>
    public NetworkContainerPreparer NetworkContainers { get; }

    /// <summary>`update`: new limits and restart policy.</summary>
    public ContainerUpdater Updater { get; }

    /// <summary>`network connect` and `network disconnect`.</summary>
    public ContainerNetworkConnector NetworkConnector { get; }
    public ContainerLogReader Logs { get; }
    public ContainerCleaner Cleaner { get; }
    public ContainerFiles Files { get; }

    /// <summary>`cp` between containers and the host.</summary>
    public ContainerCopier Copier { get; }

    /// <summary>What containers changed in their images' filesystems (`diff`).</summary>
    public ContainerChanges Changes { get; }

    /// <summary>Resource readings for `stats`.</summary>
    public ContainerSampler Sampler { get; }

    /// <summary>Containers' health (State.Health), beside their records.</summary>
    public HealthStore Health { get; }

    /// <summary>`healthcheck run`: one run of a container's check.</summary>
    public HealthChecker HealthChecker { get; }

    /// <summary>The loop of a container's health monitor process.</summary>
    public HealthMonitor HealthMonitor { get; }

    /// <summary>Which containers' monitors run.</summary>
    public HealthMonitors HealthMonitors { get; }

    /// <summary>Process listings for `top`.</summary>
    public ContainerTop Top { get; }
}

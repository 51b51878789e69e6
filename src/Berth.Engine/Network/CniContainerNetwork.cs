using System.Text.Json.Nodes;
using Berth.Engine.Store;

namespace Berth.Engine.Network;

/// <summary>
/// <see cref="IContainerNetwork"/> on the CNI plugins: one network namespace per container, the
/// loopback plugin for lo, then the chain of ROOT/cni/berth.conflist (bridge + host-local IPAM,
/// portmap) for eth0. All state lives under ROOT/cni, so any later process can detach.
/// </summary>
/// <remarks>
/// Attach:  lock → record (no result) → netns → loopback ADD → chain ADD → record (result)
/// Detach:  lock → record → chain DEL in reverse (prevResult = stored result) → netns → record gone
/// A crash at any point leaves a record from which Detach (or the next Attach) finishes the job.
/// </remarks>
public sealed class CniContainerNetwork : IContainerNetwork
{
    public const string ConfigListFileName = "berth.conflist";

    private readonly CniNetworkOptions _options;
    private readonly CniPluginInvoker _invoker;
    private readonly NetworkNamespaces _namespaces;
    private readonly AttachmentStore _attachments;
    private readonly string _lockPath;

    /// <param name="engineRoot">The engine's --root; network state goes to its cni/ folder.</param>
    public CniContainerNetwork(string engineRoot, CniNetworkOptions? options = null)
    {
        _options = options ?? new CniNetworkOptions();
        CniDirectory = Path.Combine(Path.GetFullPath(engineRoot), "cni");
        _invoker = new CniPluginInvoker(_options.PluginDirectories);
        _namespaces = new NetworkNamespaces(_options.NamespaceDirectory);
        _attachments = new AttachmentStore(Path.Combine(CniDirectory, "attachments"));
        _lockPath = Path.Combine(CniDirectory, "network.lock");
    }

    /// <summary>ROOT/cni: the conflist and attachment records (attachments/); IPAM state is per bridge, host-wide.</summary>
    public string CniDirectory { get; }

    public string ConfigListPath => Path.Combine(CniDirectory, ConfigListFileName);

    /// <summary>The bridge containers attach to: the conflist's bridge plugin's, else the one it will be written with.</summary>
    public string BridgeName =>
        (File.Exists(ConfigListPath)
            ? CniNetworkConfigList.Load(ConfigListPath).Plugins.FirstOrDefault(p => p["type"]?.GetValue<string>() == "bridge")?["bridge"]?.GetValue<string>()
            : null) ?? _options.Bridge.BridgeName;

    /// <summary>Where the container's network namespace is bound while it is attached (an engine pod's members join its infra's).</summary>
    public string NamespacePathOf(string containerId) => _namespaces.PathFor(containerId);

    public Task<NetworkAttachment> AttachAsync(string containerId, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken = default) =>
        AttachAsync(containerId, _options.InterfaceName, ports, cancellationToken);

    public async Task<NetworkAttachment> AttachAsync(string containerId, string interfaceName, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken = default)
    {
        CheckContainerId(containerId);
        CheckInterfaceName(interfaceName);
        using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken);
        return await ConnectLockedAsync(containerId, LoadOrCreateConfigList(), interfaceName, ports, cancellationToken);
    }

    /// <summary>
    /// Attaches the container to <paramref name="network"/> as <paramref name="interfaceName"/>, in the container's
    /// namespace (made by the first attachment, shared by the others); idempotent per container and interface.
    /// </summary>
    public async Task<NetworkAttachment> ConnectAsync(
        string containerId, CniNetworkConfigList network, string interfaceName, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken = default)
    {
        CheckContainerId(containerId);
        CheckInterfaceName(interfaceName);
        using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken);
        return await ConnectLockedAsync(containerId, network, interfaceName, ports, cancellationToken);
    }

    private async Task<NetworkAttachment> ConnectLockedAsync(
        string containerId, CniNetworkConfigList network, string interfaceName, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken)
    {
        var validPorts = ValidatePorts(ports);
        var netnsPath = _namespaces.PathFor(containerId);
        if (_attachments.Read(containerId, interfaceName) is { } existing)
        {
            if (existing.Attachment is not null && File.Exists(existing.NamespacePath))
            {
                return existing.Attachment;
            }
            await TearDownAsync([existing], int.MaxValue, cancellationToken);
        }
        CheckPortsFree(containerId, validPorts);

        var args = new CniRuntimeArgs(containerId, netnsPath, interfaceName);
        var record = new AttachmentRecord(containerId, args.NetnsPath, args.InterfaceName, JsonNode.Parse(network.ToJsonString())!.AsObject(), validPorts);
        _attachments.Write(record);
        JsonObject? result = null;
        var begun = 0;
        try
        {
            NetworkNamespaces.RemoveIfPlaceholder(netnsPath);
            if (!File.Exists(netnsPath))
            {
                await _namespaces.CreateAsync(args.NetnsPath);
                await _invoker.InvokeAsync(CniCommand.Add, LoopbackConfig(network), args with { InterfaceName = "lo" }, cancellationToken);
            }
            for (var i = 0; i < network.Plugins.Count; i++)
            {
                if (!network.IsIdleFor(i, validPorts))
                {
                    begun = i + 1;
                    result = await _invoker.InvokeAsync(CniCommand.Add, network.PluginConfig(i, result, validPorts), args, cancellationToken);
                }
            }
            var attachment = CniResult.ToAttachment(result ?? throw new BerthException($"CNI network {network.Name} has no plugin that returns a result"), args);
            _attachments.Write(record with { Result = result, Attachment = attachment });
            return attachment;
        }
        catch
        {
            // Only the plugins that got an ADD (the failed one included) need their DEL.
            await TryTearDownAsync(record with { Result = result }, begun);
            throw;
        }
    }

    /// <summary>Removes every address, rule and the namespace created for the container; safe to repeat.</summary>
    public async Task DetachAsync(string containerId, CancellationToken cancellationToken = default)
    {
        CheckContainerId(containerId);
        using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken);
        var records = _attachments.ReadAllOf(containerId);
        if (records.Count > 0)
        {
            await TearDownAsync(records, int.MaxValue, cancellationToken);
        }
        _attachments.DeleteAllOf(containerId); // at most half-written records: nothing was created for them yet
    }

    /// <summary>Removes the container's attachment on <paramref name="interfaceName"/> only; the namespace stays while others remain.</summary>
    public async Task DisconnectAsync(string containerId, string interfaceName, CancellationToken cancellationToken = default)
    {
        CheckContainerId(containerId);
        CheckInterfaceName(interfaceName);
        using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken);
        if (_attachments.Read(containerId, interfaceName) is { } record)
        {
            await TearDownAsync([record], int.MaxValue, cancellationToken);
        }
    }

    /// <summary>The container's attachments by interface, as recorded (an attach cut short has none).</summary>
    public IReadOnlyDictionary<string, NetworkAttachment> AttachmentsOf(string containerId) =>
        _attachments.ReadAllOf(containerId).Where(r => r.Attachment is not null).ToDictionary(r => r.InterfaceName, r => r.Attachment!);

    /// <summary>Runs CNI CHECK on every plugin of an attached container; throws when its networking is broken.</summary>
    public async Task CheckAsync(string containerId, CancellationToken cancellationToken = default)
    {
        CheckContainerId(containerId);
        var record = _attachments.Read(containerId, _options.InterfaceName);
        if (record?.Result is null)
        {
            throw new BerthException($"container {containerId} is not attached to a network");
        }
        var network = CniNetworkConfigList.Parse(record.Network.ToJsonString());
        var args = new CniRuntimeArgs(containerId, record.NamespacePath, record.InterfaceName);
        for (var i = 0; i < network.Plugins.Count; i++)
        {
            // portmap up to 1.2 checks ip6tables chains it never made for an IPv4-only container
            // and always fails (containernetworking/plugins#819), so its CHECK is left out.
            if (!network.IsIdleFor(i, record.Ports) && network.Plugins[i]["type"]?.GetValue<string>() != "portmap")
            {
                await _invoker.InvokeAsync(CniCommand.Check, network.PluginConfig(i, record.Result, record.Ports), args, cancellationToken);
            }
        }
    }

    // Every plugin gets its DEL even after one fails, so as much as possible is removed; the
    // namespace and the records stay until all succeeded, because bridge only finds its masquerade
    // rules through the addresses inside the namespace. The namespace goes with the container's last record.
    private async Task TearDownAsync(IReadOnlyList<AttachmentRecord> records, int pluginCount, CancellationToken cancellationToken)
    {
        var containerId = records[0].ContainerId;
        var netnsPath = records[0].NamespacePath;
        NetworkNamespaces.RemoveIfPlaceholder(netnsPath);
        var attached = records.Where(r => r.Attachment is not null).ToList();
        if (attached.Count > 0 && !File.Exists(netnsPath))
        {
            await LostNamespaceStandIn.CreateAsync(_namespaces, netnsPath, attached.Select(r => (r.InterfaceName, r.Attachment!)), cancellationToken);
        }
        BerthException? first = null;
        foreach (var record in records)
        {
            var network = CniNetworkConfigList.Parse(record.Network.ToJsonString());
            var args = new CniRuntimeArgs(record.ContainerId, record.NamespacePath, record.InterfaceName);
            var failed = false;
            for (var i = Math.Min(pluginCount, network.Plugins.Count) - 1; i >= 0; i--)
            {
                if (network.IsIdleFor(i, record.Ports))
                {
                    continue;
                }
                try
                {
                    await _invoker.InvokeAsync(CniCommand.Del, network.PluginConfig(i, record.Result, record.Ports), args, cancellationToken);
                }
                catch (BerthException e)
                {
                    first ??= e;
                    failed = true;
                }
            }
            if (!failed)
            {
                _attachments.Delete(record.ContainerId, record.InterfaceName);
            }
        }
        if (first is not null)
        {
            throw first;
        }
        // lo needs no DEL: it goes away with the namespace.
        if (_attachments.ReadAllOf(containerId).Count == 0)
        {
            NetworkNamespaces.Remove(netnsPath);
        }
    }

    private async Task TryTearDownAsync(AttachmentRecord record, int pluginCount)
    {
        try
        {
            await TearDownAsync([record], pluginCount, CancellationToken.None);
        }
        catch (Exception e) when (e is BerthException or IOException)
        {
            // The record stays, so DetachAsync can finish the cleanup; the caller sees the ADD error.
        }
    }

    private CniNetworkConfigList LoadOrCreateConfigList()
    {
        if (File.Exists(ConfigListPath))
        {
            return CniNetworkConfigList.Load(ConfigListPath);
        }
        var list = _options.Bridge.ToConfigList(Path.Combine(_options.IpamDirectory, _options.Bridge.BridgeName));
        Directory.CreateDirectory(CniDirectory);
        var temp = ConfigListPath + ".tmp";
        File.WriteAllText(temp, list.ToJsonString());
        File.Move(temp, ConfigListPath, overwrite: true);
        return list;
    }

    private static JsonObject LoopbackConfig(CniNetworkConfigList network) => new()
    {
        ["cniVersion"] = network.CniVersion,
        ["name"] = "lo",
        ["type"] = "loopback",
    };

    private static List<PortMapping> ValidatePorts(IReadOnlyList<PortMapping> ports)
    {
        var valid = ports.Select(p => p.Validated()).ToList();
        for (var i = 0; i < valid.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (valid[i].Overlaps(valid[j]))
                {
                    throw new BerthException($"port mappings {valid[j].Describe()} and {valid[i].Describe()} use the same host port");
                }
            }
        }
        return valid;
    }

    // portmap only adds DNAT rules; nothing would stop two containers, or a container and a host
    // service, from claiming one port, so it is checked here.
    private void CheckPortsFree(string containerId, List<PortMapping> ports)
    {
        if (ports.Count == 0)
        {
            return;
        }
        foreach (var other in _attachments.ReadAll().Where(r => r.ContainerId != containerId))
        {
            foreach (var port in ports)
            {
                if (other.Ports.FirstOrDefault(port.Overlaps) is { } taken)
                {
                    throw new BerthException($"port {port.Describe()} is already published by container {other.ContainerId} ({taken.Describe()})");
                }
            }
        }
        foreach (var port in ports)
        {
            HostPorts.EnsureFree(port);
        }
    }

    private static void CheckInterfaceName(string name)
    {
        if (name.Length is 0 or > 15 || name.Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            throw new BerthException($"invalid interface name \"{name}\": 1 to 15 letters and digits");
        }
    }

    private static void CheckContainerId(string containerId)
    {
        // The id names files and the namespace: keep it to the characters of a file name.
        if (containerId.Length is 0 or > 128 || containerId[0] == '.' || containerId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
        {
            throw new BerthException($"invalid container id \"{containerId}\" for networking");
        }
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Engine.Events;
using Berth.Engine.Network;
using Berth.Engine.Store;

namespace Berth.Engine.Networks;

/// <summary>
/// User networks of one engine root: ROOT/networks/NAME.json. Each is a bridge of its own (br-ID12) with a
/// subnet reserved host-wide (<see cref="SubnetReservations"/>) and isolation rules (<see cref="NetworkIsolation"/>);
/// the bridge itself is made by the CNI bridge plugin when the first container attaches. The predefined
/// networks bridge (Berth's default bridge), host and none are listed but never stored.
/// </summary>
public sealed partial class NetworkStore
{
    public const string BridgeDriver = "bridge";

    /// <summary>The predefined network of the engine's default bridge (no name resolution, as Docker's).</summary>
    public const string DefaultNetworkName = "bridge";

    /// <summary>Names `--network` reads as modes, not user networks.</summary>
    public static readonly IReadOnlyList<string> PredefinedNames = ["bridge", "host", "none"];

    private readonly CniNetworkOptions _cni;
    private readonly EventLog _events;
    private readonly string _defaultConfigList;

    public NetworkStore(string engineRoot, CniNetworkOptions? cni = null)
    {
        _cni = cni ?? new CniNetworkOptions();
        _events = new EventLog(engineRoot);
        Root = Path.Combine(Path.GetFullPath(engineRoot), "networks");
        _defaultConfigList = Path.Combine(Path.GetFullPath(engineRoot), "cni", CniContainerNetwork.ConfigListFileName);
        Subnets = new SubnetReservations(Path.Combine(_cni.IpamDirectory, "subnets"));
        Isolation = new NetworkIsolation(_cni.IpamDirectory);
    }

    /// <summary>ROOT/networks.</summary>
    public string Root { get; }

    internal SubnetReservations Subnets { get; }

    internal NetworkIsolation Isolation { get; }

    /// <summary>Held while a network is created or removed.</summary>
    public FileLock Lock()
    {
        Directory.CreateDirectory(Root);
        return FileLock.Acquire(Path.Combine(Root, ".lock"));
    }

    /// <summary>Docker's rule for network names.</summary>
    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    /// <summary>Creates the network; a name taken: <see cref="ConflictException"/>; a bad subnet or gateway: <see cref="InvalidArgumentException"/>.</summary>
    public async Task<NetworkRecord> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken = default)
    {
        if (!IsValidName(request.Name))
        {
            throw new InvalidArgumentException($"invalid network name \"{request.Name}\": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        if (request.Driver is { Length: > 0 } driver && driver != BridgeDriver)
        {
            throw new InvalidArgumentException($"network driver \"{driver}\" is not supported by Berth: use bridge");
        }
        var (subnet, gateway) = ParseAddressing(request);
        using var held = Lock();
        if (PredefinedNames.Contains(request.Name) || Load(request.Name) is not null)
        {
            throw new ConflictException($"network with name {request.Name} already exists");
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var path = PathFor(request.Name);
        if (subnet is { } given)
        {
            Subnets.Reserve(given, path);
        }
        else
        {
            subnet = Subnets.ReserveFree(path);
        }
        var record = new NetworkRecord
        {
            Name = request.Name,
            Id = id,
            BridgeName = "br-" + id[..12],
            Subnet = subnet.Value.ToString(),
            Gateway = (gateway ?? FirstHost(subnet.Value)).ToString(),
            Internal = request.Internal,
            Labels = request.Labels,
            Created = DateTimeOffset.UtcNow,
        };
        try
        {
            await Isolation.AddAsync(record, DefaultBridgeName(), cancellationToken);
            var temp = AtomicFile.TempPathBeside(path);
            File.WriteAllText(temp, JsonSerializer.Serialize(record, NetworkRecordJsonContext.Default.NetworkRecord));
            File.Move(temp, path);
            _events.Network("create", new NetworkRef(record.Name, record.Id), record.Id, record.Name);
            return record;
        }
        catch
        {
            await Isolation.RemoveAsync(record, CancellationToken.None);
            Subnets.Release(subnet.Value);
            throw;
        }
    }

    /// <summary>By exact name, exact id or a unique id prefix, as Docker looks networks up.</summary>
    public NetworkRecord Find(string nameOrId) =>
        TryFind(nameOrId) ?? throw new NotFoundException($"network {nameOrId} not found");

    public NetworkRecord? TryFind(string nameOrId)
    {
        if (Load(nameOrId) is { } byName)
        {
            return byName;
        }
        var byId = List().Where(n => n.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList();
        return nameOrId.Length > 0 && byId.Count == 1 ? byId[0] : null;
    }

    public NetworkRecord? Load(string name)
    {
        if (!IsValidName(name))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(PathFor(name)), NetworkRecordJsonContext.Default.NetworkRecord);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public List<NetworkRecord> List() => !Directory.Exists(Root) ? [] :
        [.. Directory.EnumerateFiles(Root, "*.json").Select(f => Load(Path.GetFileNameWithoutExtension(f))).OfType<NetworkRecord>().OrderBy(n => n.Name, StringComparer.Ordinal)];

    /// <summary>The CNI configuration containers of the network attach with: bridge with host-local IPAM, portmap.</summary>
    public CniNetworkConfigList ConfigListFor(NetworkRecord network) => new BridgeNetworkOptions
    {
        BridgeName = network.BridgeName,
        Subnet = network.Subnet,
        Gateway = network.Gateway,
        NetworkName = network.Name,
        Internal = network.Internal,
    }.ToConfigList(IpamDirectoryOf(network));

    /// <summary>The default bridge's subnet and gateway as its conflist has them (or will have them).</summary>
    public (string BridgeName, string Subnet, string Gateway) DefaultBridge()
    {
        if (File.Exists(_defaultConfigList) && CniNetworkConfigList.Load(_defaultConfigList).Plugins.FirstOrDefault(p => p["type"]?.GetValue<string>() == "bridge") is { } bridge)
        {
            var range = bridge["ipam"]?["ranges"]?[0]?[0];
            return (bridge["bridge"]?.GetValue<string>() ?? "", range?["subnet"]?.GetValue<string>() ?? "", range?["gateway"]?.GetValue<string>() ?? "");
        }
        return (_cni.Bridge.BridgeName, _cni.Bridge.Subnet, _cni.Bridge.Gateway);
    }

    /// <summary>Deletes the record, the bridge, its addresses' reservations and its rules; the caller checked that no container uses it.</summary>
    internal async Task DeleteAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        await Isolation.RemoveAsync(network, cancellationToken);
        if (Directory.Exists($"/sys/class/net/{network.BridgeName}"))
        {
            await HostCommand.RunAsync($"cannot delete bridge {network.BridgeName}", "ip", ["link", "del", network.BridgeName], null, cancellationToken);
        }
        var ipam = IpamDirectoryOf(network);
        if (Directory.Exists(ipam))
        {
            Directory.Delete(ipam, recursive: true);
        }
        Subnets.Release(IPNetwork.Parse(network.Subnet));
        File.Delete(PathFor(network.Name));
        _events.Network("remove", new NetworkRef(network.Name, network.Id), network.Id, network.Name);
    }

    private string DefaultBridgeName() => DefaultBridge().BridgeName;

    private string IpamDirectoryOf(NetworkRecord network) => Path.Combine(_cni.IpamDirectory, network.BridgeName);

    private string PathFor(string name) => Path.Combine(Root, name + ".json");

    private static (IPNetwork? Subnet, IPAddress? Gateway) ParseAddressing(NetworkCreateRequest request)
    {
        if (request.Subnet is null)
        {
            return request.Gateway is null ? (null, null) : throw new InvalidArgumentException("a gateway needs a subnet (--subnet)");
        }
        // TryParse masks host bits away; a subnet written with them is a typo worth reporting.
        if (!IPNetwork.TryParse(request.Subnet, out var subnet) || subnet.ToString() != request.Subnet || !SubnetReservations.IsIPv4(subnet) || subnet.PrefixLength > 30)
        {
            throw new InvalidArgumentException($"invalid subnet \"{request.Subnet}\": expected an IPv4 CIDR such as 10.90.5.0/24 (at most /30)");
        }
        if (request.Gateway is null)
        {
            return (subnet, null);
        }
        if (!IPAddress.TryParse(request.Gateway, out var gateway) || !subnet.Contains(gateway) || gateway.Equals(subnet.BaseAddress))
        {
            throw new InvalidArgumentException($"invalid gateway \"{request.Gateway}\": expected a host address in {request.Subnet}");
        }
        return (subnet, gateway);
    }

    private static IPAddress FirstHost(IPNetwork subnet)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        bytes[3]++;
        return new IPAddress(bytes);
    }

    /// <summary>A fixed id per predefined network, so clients that keep ids see the same one each time.</summary>
    public static string PredefinedId(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("berth-network/" + name)));

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ValidName();
}

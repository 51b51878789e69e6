using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Engine.Network;

/// <summary>
/// A CNI network configuration list (a .conflist, CNI spec §"Configuration format"): a named
/// network and the plugins chained to set it up, in order.
/// </summary>
public sealed class CniNetworkConfigList
{
    private readonly JsonObject _document;

    private CniNetworkConfigList(JsonObject document, string name, string cniVersion, IReadOnlyList<JsonObject> plugins)
    {
        _document = document;
        Name = name;
        CniVersion = cniVersion;
        Plugins = plugins;
    }

    public string Name { get; }

    public string CniVersion { get; }

    public IReadOnlyList<JsonObject> Plugins { get; }

    /// <summary>Reads and checks a conflist; a bad one is a one-line <see cref="BerthException"/> naming the file.</summary>
    public static CniNetworkConfigList Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is BerthException or JsonException)
        {
            throw new BerthException($"invalid CNI network configuration {path}: {e.Message}", inner: e);
        }
    }

    public static CniNetworkConfigList Parse(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject document)
        {
            throw new BerthException("not a JSON object");
        }
        var name = RequiredString(document, "name");
        var version = RequiredString(document, "cniVersion");
        if (document["plugins"] is not JsonArray { Count: > 0 } plugins)
        {
            throw new BerthException("\"plugins\" must be a non-empty list");
        }
        var list = new List<JsonObject>();
        foreach (var plugin in plugins)
        {
            if (plugin is not JsonObject config)
            {
                throw new BerthException("each plugin must be a JSON object");
            }
            RequiredString(config, "type");
            list.Add(config);
        }
        return new CniNetworkConfigList(document, name, version, list);
    }

    public string ToJsonString() => _document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>
    /// The configuration plugin <paramref name="index"/> receives on stdin: its own object plus the
    /// list's name and version, the previous result, and the runtime values of the capabilities it
    /// declares (CNI spec §"Deriving execution configuration from plugin configuration").
    /// </summary>
    public JsonObject PluginConfig(int index, JsonObject? prevResult, IReadOnlyList<PortMapping> ports)
    {
        var config = (JsonObject)Plugins[index].DeepClone();
        config["name"] = Name;
        config["cniVersion"] = CniVersion;
        config.Remove("runtimeConfig");
        if (prevResult is not null)
        {
            config["prevResult"] = prevResult.DeepClone();
        }
        if (DeclaresCapability(index, "portMappings"))
        {
            config["runtimeConfig"] = new JsonObject { ["portMappings"] = PortMappingsJson(ports) };
        }
        return config;
    }

    /// <summary>
    /// The same network with <paramref name="address"/> asked of its IPAM plugin (host-local reads `args.cni.ips`,
    /// CNI's CONVENTIONS.md §"Args in network config"), for a container given a fixed address (`--ip`).
    /// </summary>
    public CniNetworkConfigList WithRequestedAddress(string address)
    {
        var document = (JsonObject)_document.DeepClone();
        foreach (var plugin in document["plugins"]!.AsArray().OfType<JsonObject>().Where(p => p["ipam"] is not null))
        {
            plugin["args"] = new JsonObject { ["cni"] = new JsonObject { ["ips"] = new JsonArray(address) } };
        }
        return Parse(document.ToJsonString());
    }

    /// <summary>
    /// True for a plugin whose only job is a capability the container does not use (portmap with
    /// no ports): running it would be a no-op, and each plugin run costs a process start.
    /// </summary>
    public bool IsIdleFor(int index, IReadOnlyList<PortMapping> ports) =>
        Plugins[index]["type"]?.GetValue<string>() == "portmap" && ports.Count == 0;

    private bool DeclaresCapability(int index, string capability) =>
        Plugins[index]["capabilities"] is JsonObject capabilities
        && capabilities[capability] is JsonValue value
        && value.TryGetValue<bool>(out var enabled)
        && enabled;

    private static JsonArray PortMappingsJson(IReadOnlyList<PortMapping> ports)
    {
        var array = new JsonArray();
        foreach (var port in ports)
        {
            var mapping = new JsonObject
            {
                ["hostPort"] = port.HostPort,
                ["containerPort"] = port.ContainerPort,
                ["protocol"] = port.Protocol,
            };
            if (!string.IsNullOrEmpty(port.HostIp))
            {
                mapping["hostIP"] = port.HostIp;
            }
            array.Add((JsonNode)mapping);
        }
        return array;
    }

    private static string RequiredString(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new BerthException($"\"{key}\" must be a non-empty string");
}

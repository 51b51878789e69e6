using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Engine.Registry;

/// <summary>
/// k3s' registries.yaml: <c>mirrors:</c> per registry host (or <c>"*"</c>) with an <c>endpoint:</c>
/// list of URLs (http:// for plain HTTP) and <c>rewrite:</c> regular expressions on the repository;
/// <c>configs:</c> per endpoint host with <c>auth: {username, password}</c> and
/// <c>tls: {insecure_skip_verify}</c>. Pulls of a mirrored registry try its endpoints in order, then the registry itself.
/// Read from <see cref="DefaultPath"/> or the path in <see cref="PathVariable"/>; absent means no mirrors.
/// </summary>
public sealed class RegistryMirrors
{
    public const string DefaultPath = "/etc/berth/registries.yaml";
    public const string PathVariable = "BERTH_REGISTRIES_CONFIG";

    private readonly Dictionary<string, Mirror> _mirrors;
    private readonly Dictionary<string, HostConfig> _configs;

    private RegistryMirrors(Dictionary<string, Mirror> mirrors, Dictionary<string, HostConfig> configs)
    {
        _mirrors = mirrors;
        _configs = configs;
    }

    public static RegistryMirrors None { get; } = new([], []);

    /// <summary>The file named by BERTH_REGISTRIES_CONFIG, else /etc/berth/registries.yaml; none when it does not exist.</summary>
    public static RegistryMirrors Default() => Load(DefaultFile);

    /// <summary>The file <see cref="Default"/> reads: BERTH_REGISTRIES_CONFIG, else /etc/berth/registries.yaml.</summary>
    public static string DefaultFile => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : DefaultPath;

    public static RegistryMirrors Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path), path) : None;

    public static RegistryMirrors Parse(string text, string source = "registries.yaml")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidArgumentException($"{source}: not valid YAML: {e.Message}");
        }
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        var mirrors = new Dictionary<string, Mirror>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, node) in Entries(root, "mirrors"))
        {
            var endpoints = Child(node, "endpoint") is YamlSequenceNode list
                ? list.Children.OfType<YamlScalarNode>().Select(e => ParseEndpoint(e.Value ?? "", source)).ToList()
                : [];
            var rewrites = Entries(node, "rewrite").Select(r => (Pattern: new Regex(r.Key), Replacement: (r.Value as YamlScalarNode)?.Value ?? "")).ToList();
            mirrors[host] = new Mirror(endpoints, rewrites);
        }
        var configs = new Dictionary<string, HostConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, node) in Entries(root, "configs"))
        {
            var auth = Child(node, "auth");
            var username = Scalar(auth, "username");
            var credentials = username is null ? null : new RegistryCredentials(username, Scalar(auth, "password") ?? "");
            var insecure = Scalar(Child(node, "tls"), "insecure_skip_verify") is "true" or "True";
            configs[host] = new HostConfig(credentials, insecure);
        }
        return new RegistryMirrors(mirrors, configs);
    }

    /// <summary>
    /// Where a pull of <paramref name="reference"/> goes, in the order to try (as containerd and k3s do):
    /// each mirror endpoint with its repository rewritten, then null for the registry itself,
    /// which a "*" mirror leaves out.
    /// </summary>
    public IReadOnlyList<MirrorTarget?> Resolve(RegistryReference reference)
    {
        var named = _mirrors.TryGetValue(reference.Domain, out var mirror);
        if (!named && !_mirrors.TryGetValue("*", out mirror) || mirror!.Endpoints.Count == 0)
        {
            return [null];
        }
        var repository = Rewrite(mirror, reference.Repository);
        var targets = mirror.Endpoints.Select(url =>
        {
            var config = ConfigFor(url.Authority);
            return (MirrorTarget?)new MirrorTarget(RegistryEndpoint.At(reference.Domain, url, !config.InsecureSkipVerify), repository, config.Credentials);
        }).ToList();
        if (named)
        {
            targets.Add(null);
        }
        return targets;
    }

    private static string Rewrite(Mirror mirror, string repository)
    {
        foreach (var (pattern, replacement) in mirror.Rewrites)
        {
            if (pattern.IsMatch(repository))
            {
                return pattern.Replace(repository, replacement);
            }
        }
        return repository;
    }

    /// <summary>What configs: says of a registry host (credentials, TLS checks) when it is pulled from directly.</summary>
    public (RegistryCredentials? Credentials, bool InsecureSkipVerify) ConfigFor(string host) =>
        _configs.TryGetValue(host, out var config) ? (config.Credentials, config.InsecureSkipVerify) : (null, false);

    private static Uri ParseEndpoint(string text, string source)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidArgumentException($"{source}: endpoint \"{text}\" is not an http(s) URL");
        }
        return new Uri($"{uri.Scheme}://{uri.Authority}/");
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static IEnumerable<KeyValuePair<string, YamlNode>> Entries(YamlNode? node, string key) =>
        Child(node, key) is YamlMappingNode map
            ? map.Children.Select(e => new KeyValuePair<string, YamlNode>((e.Key as YamlScalarNode)?.Value ?? "", e.Value))
            : [];

    public sealed record MirrorTarget(RegistryEndpoint Endpoint, string Repository, RegistryCredentials? Credentials);

    private sealed record Mirror(List<Uri> Endpoints, List<(Regex Pattern, string Replacement)> Rewrites);

    private sealed record HostConfig(RegistryCredentials? Credentials, bool InsecureSkipVerify);
}

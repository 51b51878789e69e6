using System.Security.Cryptography;
using YamlDotNet.RepresentationModel;

namespace Berth.Storage.Encryption;

/// <summary>
/// kube-apiserver's <c>--encryption-provider-config</c> file (apiserver.config.k8s.io/v1
/// EncryptionConfiguration, YAML or JSON): resources and, for each, providers aescbc, aesgcm,
/// secretbox and identity with named base64 keys. kms is refused with a message saying so.
/// </summary>
public static class EncryptionConfiguration
{
    public const string ApiVersion = "apiserver.config.k8s.io/v1";
    public const string Kind = "EncryptionConfiguration";

    /// <summary>
    /// k3s' <c>--secrets-encryption</c> default, with a new random key: Secrets sealed with aescbc key
    /// <c>aescbckey</c>, identity still reading plain ones. The server keeps it in DATA/server/cred/encryption-config.json.
    /// </summary>
    public static string NewDefault()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return $$$"""
            {"kind":"{{{Kind}}}","apiVersion":"{{{ApiVersion}}}","resources":[{"resources":["secrets"],"providers":[{"aescbc":{"keys":[{"name":"aescbckey","secret":"{{{secret}}}"}]}},{"identity":{}}]}]}

            """;
    }

    public static EncryptionPolicy Load(string path) => Parse(File.ReadAllText(path));

    public static EncryptionPolicy Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new EncryptionConfigurationException($"error while parsing file: {e.Message}");
        }
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        var kind = Scalar(Child(root, "kind"));
        var apiVersion = Scalar(Child(root, "apiVersion"));
        if (kind != Kind || apiVersion != ApiVersion)
        {
            throw new EncryptionConfigurationException($"error while parsing file: no kind \"{kind}\" is registered for version \"{apiVersion}\" (want {ApiVersion} {Kind})");
        }
        var rules = Items(Child(root, "resources")).Select((rule, i) => Rule(rule, $"resources[{i}]")).ToList();
        return rules.Count == 0 ? throw new EncryptionConfigurationException("resources: Required value: resources is a required field") : new EncryptionPolicy(rules);
    }

    private static EncryptionRule Rule(YamlNode rule, string path)
    {
        var resources = Items(Child(rule, "resources")).Select(r => Scalar(r) ?? "").ToList();
        if (resources.Count == 0)
        {
            throw new EncryptionConfigurationException($"{path}.resources: Required value: resources is a required field");
        }
        foreach (var (resource, i) in resources.Select((r, i) => (r, i)))
        {
            if (resource.Length == 0 || resource == "*" || resource != resource.ToLowerInvariant())
            {
                throw new EncryptionConfigurationException($"{path}.resources[{i}]: Invalid value: \"{resource}\": resource name must be lower case, a group wildcard '*.GROUP' or '*.*'");
            }
        }
        var ciphers = Items(Child(rule, "providers")).SelectMany((provider, i) => Provider(provider, $"{path}.providers[{i}]")).ToList();
        return ciphers.Count == 0
            ? throw new EncryptionConfigurationException($"{path}.providers: Required value: providers is a required field")
            : new EncryptionRule([.. resources.Select(EncryptionRule.KeyPrefix)], ciphers);
    }

    /// <summary>A provider's keys, in order (the first writes).</summary>
    private static IEnumerable<IValueCipher> Provider(YamlNode provider, string path)
    {
        if (provider is not YamlMappingNode { Children.Count: 1 } map)
        {
            throw new EncryptionConfigurationException($"{path}: Invalid value: exactly one provider must be configured");
        }
        var (type, config) = map.Children.Single();
        switch (Scalar(type))
        {
            case "identity":
                return [IdentityCipher.Instance];
            case "aescbc":
                return Keys(config, $"{path}.aescbc", (name, key) => new AesCbcCipher(name, key));
            case "aesgcm":
                return Keys(config, $"{path}.aesgcm", (name, key) => new AesGcmCipher(name, key));
            case "secretbox":
                return Keys(config, $"{path}.secretbox", (name, key) => new SecretboxCipher(name, key));
            case "kms":
                throw new EncryptionConfigurationException($"{path}.kms: Unsupported value: Berth has no KMS plugin support; use aescbc, aesgcm or secretbox");
            default:
                throw new EncryptionConfigurationException($"{path}: Unsupported value: \"{Scalar(type)}\": supported values: \"aescbc\", \"aesgcm\", \"secretbox\", \"identity\"");
        }
    }

    private static List<IValueCipher> Keys(YamlNode config, string path, Func<string, byte[], IValueCipher> cipher)
    {
        var keys = Items(Child(config, "keys")).ToList();
        if (keys.Count == 0)
        {
            throw new EncryptionConfigurationException($"{path}.keys: Required value: keys (list of at least one key) is a required field");
        }
        var ciphers = new List<IValueCipher>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var name = Scalar(Child(key, "name")) ?? "";
            if (name.Length == 0 || name.Contains(':') || !names.Add(name))
            {
                throw new EncryptionConfigurationException($"{path}.keys[{i}].name: Invalid value: \"{name}\": key names must be unique, non-empty and without ':'");
            }
            byte[] secret;
            try
            {
                secret = Convert.FromBase64String(Scalar(Child(key, "secret")) ?? "");
            }
            catch (FormatException)
            {
                throw new EncryptionConfigurationException($"{path}.keys[{i}].secret: Invalid value: \"REDACTED\": secrets must be base64 encoded");
            }
            ciphers.Add(cipher(name, secret));
        }
        return ciphers;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode list ? list.Children : [];

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}

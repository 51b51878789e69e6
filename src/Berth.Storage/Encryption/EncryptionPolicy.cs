using System.Text;

namespace Berth.Storage.Encryption;

/// <summary>
/// Which providers seal which stored keys: for each resource rule of an EncryptionConfiguration, the
/// key prefixes of its resources and its providers in order. The first provider seals every write;
/// any of them opens a value whose prefix it carries, identity one without. A key no rule names is
/// stored as it is (kube's default identity).
/// </summary>
public sealed class EncryptionPolicy(IReadOnlyList<EncryptionRule> rules)
{
    private static readonly byte[] EncryptedMark = Encoding.ASCII.GetBytes("k8s:enc:");

    public IReadOnlyList<EncryptionRule> Rules => rules;

    public byte[] Seal(string key, byte[] plain) => RuleFor(key) is { } rule ? rule.Ciphers[0].Seal(key, plain) : plain;

    public byte[] Open(string key, byte[] stored)
    {
        if (RuleFor(key) is not { } rule)
        {
            return stored;
        }
        var encrypted = stored.AsSpan().StartsWith(EncryptedMark);
        foreach (var cipher in rule.Ciphers)
        {
            if (cipher.Prefix.Length == 0 ? encrypted : !stored.AsSpan().StartsWith(Encoding.ASCII.GetBytes(cipher.Prefix)))
            {
                continue;
            }
            try
            {
                return cipher.Open(key, stored.AsSpan(cipher.Prefix.Length));
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new ValueTransformException($"unable to transform key \"{key}\": {e.Message}", e);
            }
        }
        throw new ValueTransformException($"unable to transform key \"{key}\": no matching prefix found");
    }

    // Indexed loops, not LINQ or foreach over the interfaces: every write, read and watched change asks, and the
    // closures and enumerators were garbage each time.
    private EncryptionRule? RuleFor(string key)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var prefixes = rules[i].KeyPrefixes;
            for (var j = 0; j < prefixes.Count; j++)
            {
                if (key.StartsWith(prefixes[j], StringComparison.Ordinal))
                {
                    return rules[i];
                }
            }
        }
        return null;
    }
}

/// <summary>One <c>resources</c> item: the store key prefixes of its resources, and its providers' keys in order.</summary>
public sealed record EncryptionRule(IReadOnlyList<string> KeyPrefixes, IReadOnlyList<IValueCipher> Ciphers)
{
    /// <summary>
    /// The store prefix of a resource as the configuration names it (kube's grammar): <c>secrets</c>
    /// (core), <c>deployments.apps</c>, <c>*.apps</c> (a group), <c>*.</c> (the core group), <c>*.*</c> (everything).
    /// </summary>
    public static string KeyPrefix(string resource)
    {
        if (resource == "*.*")
        {
            return "/registry/";
        }
        var dot = resource.IndexOf('.');
        var (name, group) = dot < 0 ? (resource, "") : (resource[..dot], resource[(dot + 1)..]);
        var groupPrefix = $"/registry/{(group.Length == 0 ? "core" : group)}/";
        return name == "*" ? groupPrefix : $"{groupPrefix}{name}/";
    }
}

using System.Text;
using Berth.Storage.Encryption;

namespace Berth.Storage.Tests.Encryption;

public class EncryptionConfigurationTests
{
    private const string Secret = "/registry/core/secrets/default/db";
    private static readonly string Key1 = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string Key2 = Convert.ToBase64String(Enumerable.Repeat((byte)2, 16).ToArray());
    private static readonly string Key3 = Convert.ToBase64String(Enumerable.Repeat((byte)3, 32).ToArray());

    private static string Config(string providers, string resources = "[secrets, configmaps.]") => $"""
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: {resources}
            providers:
        {providers}
        """;

    private static readonly string AesCbcThenIdentity = Config($"""
              - aescbc:
                  keys:
                    - name: key2
                      secret: {Key2}
                    - name: key1
                      secret: {Key1}
              - identity: {"{}"}
        """);

    [Fact]
    public void Parse_FirstKeyOfFirstProvider_SealsWithKubesPrefix_AndNoPlainText()
    {
        var policy = EncryptionConfiguration.Parse(AesCbcThenIdentity);

        var stored = policy.Seal(Secret, Encoding.UTF8.GetBytes("{\"data\":\"hunter2\"}"));

        Assert.StartsWith("k8s:enc:aescbc:v1:key2:", Encoding.ASCII.GetString(stored));
        Assert.DoesNotContain("hunter2", Encoding.Latin1.GetString(stored));
        Assert.Equal("{\"data\":\"hunter2\"}", Encoding.UTF8.GetString(policy.Open(Secret, stored)));
    }

    [Theory]
    [InlineData("aescbc")]
    [InlineData("aesgcm")]
    [InlineData("secretbox")]
    public void Open_ValueOfAnOlderKey_OrPlain_ReadsBack_WhileTheirProvidersAreListed(string type)
    {
        var old = EncryptionConfiguration.Parse(Config($"""
                  - {type}:
                      keys:
                        - name: key1
                          secret: {Key1}
            """)).Seal(Secret, "old"u8.ToArray());
        var rotated = EncryptionConfiguration.Parse(Config($"""
                  - {type}:
                      keys:
                        - name: key2
                          secret: {Key3}
                        - name: key1
                          secret: {Key1}
                  - identity: {"{}"}
            """));

        Assert.Equal("old", Encoding.UTF8.GetString(rotated.Open(Secret, old)));
        Assert.Equal("plain", Encoding.UTF8.GetString(rotated.Open(Secret, "plain"u8.ToArray())));
        Assert.StartsWith($"k8s:enc:{type}:v1:key2:", Encoding.ASCII.GetString(rotated.Seal(Secret, "new"u8.ToArray())));
    }

    [Fact]
    public void Open_WithoutTheKeyOrIdentity_IsKubesNoMatchingPrefix()
    {
        var policy = EncryptionConfiguration.Parse(AesCbcThenIdentity);
        var onlyKey1 = EncryptionConfiguration.Parse(Config($"""
                  - aescbc:
                      keys:
                        - name: key1
                          secret: {Key1}
            """));

        var sealedByKey2 = policy.Seal(Secret, "x"u8.ToArray());

        Assert.Equal($"unable to transform key \"{Secret}\": no matching prefix found", Assert.Throws<ValueTransformException>(() => onlyKey1.Open(Secret, sealedByKey2)).Message);
        Assert.Throws<ValueTransformException>(() => onlyKey1.Open(Secret, "plain"u8.ToArray()));
    }

    [Fact]
    public void Open_AesGcmValueUnderAnotherKey_IsRefused()
    {
        var policy = EncryptionConfiguration.Parse(Config($"""
                  - aesgcm:
                      keys:
                        - name: k
                          secret: {Key1}
            """));

        var stored = policy.Seal(Secret, "x"u8.ToArray());

        Assert.Throws<ValueTransformException>(() => policy.Open("/registry/core/secrets/default/other", stored));
    }

    [Theory]
    [InlineData("/registry/core/secrets/ns/a", true)]
    [InlineData("/registry/core/configmaps/ns/a", true)]
    [InlineData("/registry/core/pods/ns/a", true)]
    [InlineData("/registry/apps/deployments/ns/a", false)]
    public void Seal_OnlyTheListedResources(string key, bool sealedValue)
    {
        var policy = EncryptionConfiguration.Parse(AesCbcThenIdentity.Replace("[secrets, configmaps.]", "[secrets, \"*.\"]"));

        Assert.Equal(sealedValue, Encoding.ASCII.GetString(policy.Seal(key, "v"u8.ToArray())).StartsWith("k8s:enc:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("secrets", "/registry/core/secrets/")]
    [InlineData("deployments.apps", "/registry/apps/deployments/")]
    [InlineData("*.apps", "/registry/apps/")]
    [InlineData("*.", "/registry/core/")]
    [InlineData("*.*", "/registry/")]
    public void KeyPrefix_ResourceNames_AsKubeSpellsThem(string resource, string prefix) =>
        Assert.Equal(prefix, EncryptionRule.KeyPrefix(resource));

    [Theory]
    [InlineData("    - secretbox:\n        keys:\n          - name: k\n            secret: AAAA", "secretbox key \"k\": key must be 32 bytes, not 3")]
    [InlineData("    - secretbox:\n        keys: []", "providers[0].secretbox.keys: Required value")]
    [InlineData("    - kms: {name: vault}", "Berth has no KMS plugin support")]
    [InlineData("    - aescbc:\n        keys:\n          - name: k\n            secret: '%%%'", "secrets must be base64 encoded")]
    [InlineData("    - aescbc:\n        keys:\n          - name: k\n            secret: AAAA", "key must be 16, 24 or 32 bytes, not 3")]
    [InlineData("    - aescbc:\n        keys: []", "keys (list of at least one key) is a required field")]
    [InlineData("    - rot13: {}", "Unsupported value: \"rot13\"")]
    public void Parse_BadProviders_AreRefusedWithWhy(string providers, string message)
    {
        var refused = Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfiguration.Parse(Config(providers)));

        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public void NewDefault_IsAnAesCbcKeyForSecrets_ThenIdentity_NewEachTime()
    {
        var policy = EncryptionConfiguration.Parse(EncryptionConfiguration.NewDefault());

        Assert.StartsWith("k8s:enc:aescbc:v1:aescbckey:", Encoding.ASCII.GetString(policy.Seal(Secret, "v"u8.ToArray())));
        Assert.Equal("plain", Encoding.UTF8.GetString(policy.Open(Secret, "plain"u8.ToArray())));
        Assert.Equal("v", Encoding.UTF8.GetString(policy.Open(Secret, policy.Seal(Secret, "v"u8.ToArray()))));
        Assert.NotEqual(EncryptionConfiguration.NewDefault(), EncryptionConfiguration.NewDefault());
    }
}

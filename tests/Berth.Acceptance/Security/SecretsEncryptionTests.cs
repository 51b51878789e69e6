using System.Text;
using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// Secrets at rest, read from below the server with the real tools: the SQLite row (sqlite3) and the
/// etcd key (etcdctl) hold kube's k8s:enc:… ciphertext, never the Secret's data; and keys rotate as
/// kube documents it (new key first, rewrite every Secret, drop the old key) with Secrets reading back.
/// </summary>
public sealed class SecretsEncryptionTests
{
    private const string Password = "correct-horse-battery-staple";

    [Fact]
    public async Task DefaultServer_StoresSecretsWithItsGeneratedAesCbcKey_InTheSqliteRow()
    {
        await using var server = new ApiServerProcess();
        await server.StartAsync();
        var kubectl = new Kubectl(server);
        await kubectl.OkAsync("create", "secret", "generic", "db", $"--from-literal=password={Password}");

        var row = await SqliteRowAsync(server, "/registry/core/secrets/default/db");

        Assert.StartsWith("k8s:enc:aescbc:v1:aescbckey:", Encoding.Latin1.GetString(row));
        AssertNoPlainText(row);
        Assert.Equal(Password, await PasswordAsync(kubectl, "db"));
        Assert.Contains("\"aescbc\"", await File.ReadAllTextAsync(Path.Combine(server.DataDir, "server", "cred", "encryption-config.json")));
    }

    [Fact]
    public async Task EtcdServer_StoresSecretsEncrypted_InTheEtcdKey()
    {
        await using var etcd = new EtcdProcess();
        await etcd.StartAsync();
        await using var server = new ApiServerProcess(etcd.Endpoint);
        await server.StartAsync();
        var kubectl = new Kubectl(server);
        await kubectl.OkAsync("create", "secret", "generic", "db", $"--from-literal=password={Password}");

        var value = await EtcdValueAsync(etcd, "/registry/core/secrets/default/db");

        Assert.StartsWith("k8s:enc:aescbc:v1:aescbckey:", Encoding.Latin1.GetString(value));
        AssertNoPlainText(value);
        Assert.Equal(Password, await PasswordAsync(kubectl, "db"));
    }

    [Fact]
    public async Task EtcdServer_WithASecretboxKey_StoresXSalsa20Poly1305Boxes_InTheEtcdKey()
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("berth-encryption-").FullName, "encryption.yaml");
        await File.WriteAllTextAsync(config, Config($"- secretbox: {{keys: [{{name: box, secret: {Key(3)}}}]}}"));
        await using var etcd = new EtcdProcess();
        await etcd.StartAsync();
        await using var server = new ApiServerProcess(etcd.Endpoint, "--encryption-provider-config", config);
        await server.StartAsync();
        var kubectl = new Kubectl(server);
        await kubectl.OkAsync("create", "secret", "generic", "db", $"--from-literal=password={Password}");

        var value = await EtcdValueAsync(etcd, "/registry/core/secrets/default/db");

        var prefix = "k8s:enc:secretbox:v1:box:";
        Assert.StartsWith(prefix, Encoding.Latin1.GetString(value));
        AssertNoPlainText(value);
        Assert.Equal(Password, await PasswordAsync(kubectl, "db"));
        Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
    }

    [Theory]
    [InlineData("aesgcm")]
    [InlineData("secretbox")]
    public async Task RotatedKeys_NewKeyFirst_ReplaceAll_DropTheOld_SecretsStillReadBack(string provider)
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("berth-encryption-").FullName, "encryption.yaml");
        var old = Key(1);
        var next = Key(2);
        await File.WriteAllTextAsync(config, Config($"- aescbc: {{keys: [{{name: old, secret: {old}}}]}}", "- identity: {}"));
        await using var server = new ApiServerProcess(null, "--encryption-provider-config", config);
        await server.StartAsync();
        var kubectl = new Kubectl(server);
        await kubectl.OkAsync("create", "secret", "generic", "db", $"--from-literal=password={Password}");
        Assert.StartsWith("k8s:enc:aescbc:v1:old:", Encoding.Latin1.GetString(await SqliteRowAsync(server, "/registry/core/secrets/default/db")));

        // The new key first, the old one still listed: every Secret is read, then rewritten with the new key.
        await server.StopAsync();
        await File.WriteAllTextAsync(config, Config($"- {provider}: {{keys: [{{name: next, secret: {next}}}]}}", $"- aescbc: {{keys: [{{name: old, secret: {old}}}]}}"));
        await server.StartAsync();
        var all = await kubectl.OkAsync("get", "secrets", "-A", "-o", "json");
        var replaced = await kubectl.RunWithStdinAsync(all, "replace", "-f", "-");
        Assert.True(replaced.ExitCode == 0, replaced.Stderr);
        var row = await SqliteRowAsync(server, "/registry/core/secrets/default/db");
        Assert.StartsWith($"k8s:enc:{provider}:v1:next:", Encoding.Latin1.GetString(row));
        AssertNoPlainText(row);

        // Without the old key, after a restart, the Secrets still read back.
        await server.StopAsync();
        await File.WriteAllTextAsync(config, Config($"- {provider}: {{keys: [{{name: next, secret: {next}}}]}}"));
        await server.StartAsync();
        Assert.Equal(Password, await PasswordAsync(kubectl, "db"));
        Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
    }

    private static string Key(byte fill) => Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());

    private static string Config(params string[] providers) => $"""
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
        {string.Join('\n', providers.Select(p => "      " + p))}

        """;

    /// <summary>The newest stored value of a key, read from the server's SQLite file with the sqlite3 tool.</summary>
    private static async Task<byte[]> SqliteRowAsync(ApiServerProcess server, string key)
    {
        var hex = await DockerRegistry.RunAsync("sqlite3", "-readonly", Path.Combine(server.DataDir, "server", "state.db"),
            $"SELECT hex(value) FROM kv_log WHERE name = '{key}' ORDER BY id DESC LIMIT 1");
        return Convert.FromHexString(hex.Trim());
    }

    private static async Task<byte[]> EtcdValueAsync(EtcdProcess etcd, string key)
    {
        var json = JsonNode.Parse(await DockerRegistry.RunAsync("etcdctl", "--endpoints", etcd.Endpoint, "get", key, "-w", "json"))!;
        return Convert.FromBase64String(json["kvs"]![0]!["value"]!.GetValue<string>());
    }

    private static void AssertNoPlainText(byte[] stored)
    {
        var text = Encoding.Latin1.GetString(stored);
        Assert.DoesNotContain(Password, text);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), text);
        Assert.DoesNotContain("\"kind\"", text);
    }

    private static async Task<string> PasswordAsync(Kubectl kubectl, string name) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(await kubectl.OkAsync("get", "secret", name, "-o", "jsonpath={.data.password}")));
}

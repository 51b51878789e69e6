using System.Security.Cryptography;
using System.Text;
using Berth.Acceptance.Api;

namespace Berth.Acceptance.Security;

/// <summary>
/// One server on SQLite with a --token-auth-file of two users (alice in dev-team, bob in none),
/// shared by a test class, and kubectl as any bearer token.
/// </summary>
public sealed class SecuredApiServer : IAsyncLifetime
{
    public const string AliceToken = "alice-token-0123456789";
    public const string BobToken = "bob-token-0123456789";

    // One file per fixture: each class's fixture deletes its own when it is done.
    private readonly string _tokenFile = WriteTokenFile();

    public SecuredApiServer() => Server = new(null, "--token-auth-file", _tokenFile);

    public ApiServerProcess Server { get; }

    public Kubectl Kubectl => new(Server);

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        File.Delete(_tokenFile);
    }

    /// <summary>A kubeconfig with only a bearer token (the admin kubeconfig's client certificate would authenticate first).</summary>
    public string KubeconfigFor(string token) =>
        Kubeconfig($"token-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12]}", $"token: {token}");

    /// <summary>A kubeconfig that presents a client certificate (PEM) and its key.</summary>
    public string KubeconfigForCertificate(string certificatePem, string keyPem) =>
        Kubeconfig($"cert-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(certificatePem)))[..12]}", $"""
            client-certificate-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(certificatePem))}
                client-key-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(keyPem))}
            """);

    private string Kubeconfig(string name, string credentials)
    {
        var kubeconfig = Path.Combine(Server.DataDir, $"{name}.kubeconfig");
        var admin = File.ReadAllText(Server.Kubeconfig);
        var ca = System.Text.RegularExpressions.Regex.Match(admin, "certificate-authority-data: (\\S+)").Groups[1].Value;
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: berth
              cluster:
                server: {Server.Address}
                certificate-authority-data: {ca}
            contexts:
            - name: berth
              context:
                cluster: berth
                user: user
            current-context: berth
            users:
            - name: user
              user:
                {credentials}
            """);
        return kubeconfig;
    }

    public Task<ProcessResult> RunAsAsync(string token, params string[] args) => Kubectl.RunAsync(["--kubeconfig", KubeconfigFor(token), .. args]);

    public async Task<string> OkAsAsync(string token, params string[] args)
    {
        var result = await RunAsAsync(token, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} as a token exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }

    public async Task<string> NamespaceAsync()
    {
        var ns = $"auth-{Guid.NewGuid():N}"[..12];
        await Kubectl.OkAsync("create", "namespace", ns);
        return ns;
    }

    private static string WriteTokenFile()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, $"{AliceToken},alice,uid-alice,\"dev-team,qa\"\n{BobToken},bob,uid-bob\n");
        return path;
    }
}

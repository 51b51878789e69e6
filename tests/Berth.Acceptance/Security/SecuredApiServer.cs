using Berth.Acceptance.Api;

namespace Berth.Acceptance.Security;

/// <summary>
/// One server on SQLite with a --token-auth-file of two users (alice in dev-team, bob in none),
/// shared by a test class.
/// </summary>
public sealed class SecuredApiServer : IAsyncLifetime
{
    public const string AliceToken = "alice-token-0123456789";
    public const string BobToken = "bob-token-0123456789";

    private static readonly string TokenFile = WriteTokenFile();

    public ApiServerProcess Server { get; } = new(null, "--token-auth-file", TokenFile);

    public Kubectl Kubectl => new(Server);

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        File.Delete(TokenFile);
    }

    private static string WriteTokenFile()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, $"{AliceToken},alice,uid-alice,\"dev-team,qa\"\n{BobToken},bob,uid-bob\n");
        return path;
    }
}

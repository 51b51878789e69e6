using System.Security.Cryptography;
using System.Text;

namespace Berth.ApiServer.Security;

/// <summary>
/// Bearer tokens: the admin token (system:admin, for scripts and the server's own components) and the join token agents use,
/// <c>DATA/server/token</c> in k3s' form <c>K10&lt;sha256 of the CA&gt;::server:&lt;secret&gt;</c>.
/// Both are made on first start and reused.
/// </summary>
public sealed class ServerTokens
{
    private ServerTokens(string admin, string join)
    {
        Admin = admin;
        Join = join;
    }

    public string Admin { get; }

    public string Join { get; }

    public static ServerTokens LoadOrCreate(string serverDir, string caPem)
    {
        var admin = LoadOrCreate(Path.Combine(serverDir, "admin-token"), () => Secret());
        var caHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(caPem)));
        var join = LoadOrCreate(Path.Combine(serverDir, "token"), () => $"K10{caHash}::server:{Secret()}");
        return new ServerTokens(admin, join);
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static string LoadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var token = create();
        PrivateFile.Write(path, token + "\n");
        return token;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Berth.Agent.Joining;

/// <summary>
/// Fetches the cluster CA as a k3s agent does: <c>GET /cacerts</c> without trusting the server yet,
/// then the CA must hash (SHA-256 of the PEM) to the value in the join token, so a server that is
/// not the cluster's cannot pass itself off as it.
/// </summary>
public static class ClusterCa
{
    public static async Task<string> FetchAsync(Uri server, JoinToken token, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            // Nothing is trusted before the hash is checked below.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        http.Timeout = TimeSpan.FromSeconds(30);
        string pem;
        try
        {
            pem = await http.GetStringAsync(new Uri(server, "/cacerts"), cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterJoinException($"cannot read the cluster CA from {server}: {e.Message}", e);
        }
        if (token.CaHash is { } expected)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(pem)));
            if (actual != expected)
            {
                throw new ClusterJoinException($"the CA served by {server} does not match the join token (hash {actual}, token says {expected})");
            }
        }
        return pem;
    }
}

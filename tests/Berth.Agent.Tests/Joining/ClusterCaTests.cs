using System.Net;
using System.Security.Cryptography;
using System.Text;
using Berth.Agent.Joining;

namespace Berth.Agent.Tests.Joining;

public class ClusterCaTests
{
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public async Task FetchAsync_CaMatchesTheToken_ReturnsIt()
    {
        var token = JoinToken.Parse($"K10{HashOf(Pem)}::server:x");

        var ca = await ClusterCa.FetchAsync(new Uri("https://server:6443"), token, new Serving(Pem));

        Assert.Equal(Pem, ca);
    }

    [Fact]
    public async Task FetchAsync_OtherCa_IsRefused()
    {
        var token = JoinToken.Parse($"K10{HashOf("another CA")}::server:x");

        var error = await Assert.ThrowsAsync<ClusterJoinException>(() => ClusterCa.FetchAsync(new Uri("https://server:6443"), token, new Serving(Pem)));

        Assert.Contains("does not match the join token", error.Message);
    }

    private sealed class Serving(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("/cacerts", request.RequestUri!.AbsolutePath);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }
}

using Berth.Acceptance.Api;

namespace Berth.Acceptance.Security;

/// <summary>
/// kube-apiserver answers every request with an Audit-Id header, auditing or not: a server started
/// without an audit policy does the same for a served request, a refused token, an unknown path,
/// and echoes the ID a client sends.
/// </summary>
public sealed class AuditIdHeaderTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    [Theory]
    [InlineData("/version", null, 200)]
    [InlineData("/api/v1/namespaces", "not-a-token", 401)]
    [InlineData("/apis/nothing.example.com/v1/things", null, 404)]
    public async Task WithoutAuditing_EveryAnswer_CarriesAnAuditId(string path, string? token, int code)
    {
        using var http = Client(token ?? fixture.Server.AdminToken);

        using var response = await http.GetAsync(path);

        Assert.Equal(code, (int)response.StatusCode);
        Assert.True(Guid.TryParse(response.Headers.GetValues("Audit-Id").Single(), out _));
    }

    [Fact]
    public async Task TheClientsAuditId_IsAnswered()
    {
        using var http = Client(fixture.Server.AdminToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/version");
        request.Headers.Add("Audit-Id", "trace-42");

        using var response = await http.SendAsync(request);

        Assert.Equal("trace-42", response.Headers.GetValues("Audit-Id").Single());
    }

    private HttpClient Client(string token)
    {
        var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = fixture.Server.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}

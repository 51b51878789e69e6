using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// Who a request is, with the real kubectl and HTTP clients: the admin kubeconfig's client
/// certificate, --token-auth-file users, ServiceAccount tokens from `kubectl create token`,
/// anonymous requests; and the refusals (401/403 with kube's wording) for everything else.
/// </summary>
public sealed class AuthenticationTests(SecuredApiServer fixture) : IClassFixture<SecuredApiServer>
{
    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task AdminKubeconfig_IsAClientCertificateOfSystemMasters()
    {
        var kubeconfig = await File.ReadAllTextAsync(fixture.Server.Kubeconfig);
        Assert.Contains("client-certificate-data:", kubeconfig);
        Assert.DoesNotContain("token:", kubeconfig);

        var whoami = await Kubectl.OkAsync("auth", "whoami");

        Assert.Matches(@"Username\s+system:admin", whoami);
        Assert.Matches(@"Groups\s+\[system:masters system:authenticated\]", whoami);
    }

    [Fact]
    public async Task TokenAuthFileUser_IsAuthenticatedWithItsGroups_AndForbiddenWithoutRoles()
    {
        var whoami = await OkAsAsync(SecuredApiServer.AliceToken, "auth", "whoami", "-o", "json");
        var user = JsonNode.Parse(whoami)!["status"]!["userInfo"]!;
        Assert.Equal("alice", user["username"]!.GetValue<string>());
        Assert.Equal("uid-alice", user["uid"]!.GetValue<string>());
        Assert.Equal(["dev-team", "qa", "system:authenticated"], user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));

        var pods = await RunAsAsync(SecuredApiServer.BobToken, "get", "pods", "-n", "default");

        Assert.NotEqual(0, pods.ExitCode);
        Assert.Contains("Error from server (Forbidden): pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", pods.Stderr);
    }

    [Fact]
    public async Task Impersonation_ActsAsTheUser_OnlyForThoseAllowedToImpersonate()
    {
        var whoami = await Kubectl.OkAsync("auth", "whoami", "--as", "carol", "--as-group", "auditors");
        Assert.Matches(@"Username\s+carol", whoami);
        Assert.Matches(@"Groups\s+\[auditors system:authenticated\]", whoami);
        Assert.Contains("User \"carol\" cannot list resource \"pods\"", (await Kubectl.RunAsync("get", "pods", "--as", "carol")).Stderr);

        // Bob may not impersonate anyone, until he may impersonate carol (and no group).
        var forged = await RunAsAsync(SecuredApiServer.BobToken, "get", "pods", "--as", "carol");
        Assert.Contains("Error from server (Forbidden): users \"carol\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", forged.Stderr);
        var name = $"impersonate-carol-{Guid.NewGuid():N}"[..28];
        await Kubectl.OkAsync("create", "clusterrole", name, "--verb=impersonate", "--resource=users", "--resource-name=carol");
        await Kubectl.OkAsync("create", "clusterrolebinding", name, $"--clusterrole={name}", "--user=bob");
        await Poll.ForAsync(() => RunAsAsync(SecuredApiServer.BobToken, "auth", "whoami", "--as", "carol"), r => r.ExitCode == 0, TimeSpan.FromSeconds(20), "bob impersonates carol");
        var escalate = await RunAsAsync(SecuredApiServer.BobToken, "get", "pods", "--as", "carol", "--as-group", "system:masters");
        Assert.Contains("groups \"system:masters\" is forbidden: User \"bob\" cannot impersonate resource \"groups\"", escalate.Stderr);

        await Kubectl.OkAsync("delete", "clusterrolebinding", name);
        await Kubectl.OkAsync("delete", "clusterrole", name);
    }

    [Fact]
    public async Task UnknownToken_IsUnauthorized()
    {
        var result = await RunAsAsync("not-a-token", "get", "pods");

        Assert.NotEqual(0, result.ExitCode);
        // kubectl words every 401 of its discovery so, as against kube-apiserver.
        Assert.True(result.Stderr.Contains("error: You must be logged in to the server (the server has asked for the client to provide credentials)"), result.Stderr);
    }

    [Fact]
    public async Task Anonymous_ReachesHealthAndVersionOnly()
    {
        using var http = Http();

        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        Assert.Contains("\"gitVersion\"", await http.GetStringAsync("/version"));
        await AssertStatusAsync(http, "/api", HttpStatusCode.Forbidden, "forbidden: User \"system:anonymous\" cannot get path \"/api\"");
        await AssertStatusAsync(http, "/api/v1/namespaces", HttpStatusCode.Forbidden,
            "namespaces is forbidden: User \"system:anonymous\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope");
        await AssertStatusAsync(http, "/apis/apps/v1/namespaces/default/deployments/web", HttpStatusCode.Forbidden,
            "deployments.apps \"web\" is forbidden: User \"system:anonymous\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"default\"");
    }

    [Fact]
    public async Task ClientCertificateOfAnotherCa_IsUnauthorized()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=system:admin, O=system:masters", key, HashAlgorithmName.SHA256);
        using var forged = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var pfx = X509CertificateLoader.LoadPkcs12(forged.Export(X509ContentType.Pfx), null);
        using var http = Http(pfx);

        await AssertStatusAsync(http, "/api/v1/namespaces", HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task CreateToken_AuthenticatesTheServiceAccount_UntilItIsDeleted()
    {
        var ns = await NamespaceAsync();
        await Kubectl.OkAsync("create", "serviceaccount", "app", "-n", ns);
        var token = (await Kubectl.OkAsync("create", "token", "app", "-n", ns)).Trim();

        var whoami = await OkAsAsync(token, "auth", "whoami");
        Assert.Matches($@"Username\s+system:serviceaccount:{ns}:app", whoami);
        Assert.Matches($@"Groups\s+\[system:serviceaccounts system:serviceaccounts:{ns} system:authenticated\]", whoami);

        await Kubectl.OkAsync("delete", "serviceaccount", "app", "-n", ns);
        Assert.Contains("(Unauthorized)", (await RunAsAsync(token, "auth", "whoami")).Stderr);

        // The same name again is another ServiceAccount (another uid): the old token stays dead.
        await Kubectl.OkAsync("create", "serviceaccount", "app", "-n", ns);
        Assert.Contains("(Unauthorized)", (await RunAsAsync(token, "auth", "whoami")).Stderr);
    }

    [Fact]
    public async Task CreateToken_BoundToAPod_DiesWithThePod()
    {
        var ns = await NamespaceAsync();
        await Kubectl.OkAsync("create", "serviceaccount", "app", "-n", ns);
        await Kubectl.ApplyAsync($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"{{{ns}}}"},
             "spec":{"serviceAccountName":"app","containers":[{"name":"c","image":"busybox"}]}}
            """);
        var token = (await Kubectl.OkAsync("create", "token", "app", "-n", ns, "--bound-object-kind", "Pod", "--bound-object-name", "p")).Trim();
        var claims = Claims(token);
        Assert.Equal("p", claims["kubernetes.io"]!["pod"]!["name"]!.GetValue<string>());
        Assert.Contains($"system:serviceaccount:{ns}:app", await OkAsAsync(token, "auth", "whoami"));

        await Kubectl.OkAsync("delete", "pod", "p", "-n", ns, "--wait=true");

        Assert.Contains("(Unauthorized)", (await RunAsAsync(token, "auth", "whoami")).Stderr);
    }

    [Fact]
    public async Task CreateToken_ShorterThanTenMinutes_IsInvalid()
    {
        var ns = await NamespaceAsync();
        await Kubectl.OkAsync("create", "serviceaccount", "app", "-n", ns);

        var result = await Kubectl.RunAsync("create", "token", "app", "-n", ns, "--duration", "5m");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("TokenRequest.authentication.k8s.io \"app\" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes", result.Stderr);
        var missing = await Kubectl.RunAsync("create", "token", "ghost", "-n", ns);
        Assert.Contains("serviceaccounts \"ghost\" not found", missing.Stderr);
    }

    [Fact]
    public async Task TamperedOrExpiredTokens_AreUnauthorized()
    {
        var ns = await NamespaceAsync();
        await Kubectl.OkAsync("create", "serviceaccount", "app", "-n", ns);
        var token = (await Kubectl.OkAsync("create", "token", "app", "-n", ns)).Trim();
        var parts = token.Split('.');
        var claims = Claims(token);

        // Another subject under the original signature.
        claims["sub"] = "system:serviceaccount:kube-system:admin";
        var tampered = $"{parts[0]}.{Base64Url(claims.ToJsonString())}.{parts[2]}";
        // A correctly signed token (the server's own key) that expired a minute ago.
        claims = Claims(token);
        claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var expired = Sign(parts[0], claims);

        foreach (var bad in new[] { tampered, expired, token[..^4] })
        {
            Assert.Contains("(Unauthorized)", (await RunAsAsync(bad, "auth", "whoami")).Stderr);
        }
        Assert.Contains($"system:serviceaccount:{ns}:app", await OkAsAsync(Sign(parts[0], Claims(token)), "auth", "whoami"));
    }

    [Fact]
    public async Task OidcDiscovery_PublishesTheKeyThatVerifiesServiceAccountTokens()
    {
        var ns = await NamespaceAsync();
        await Kubectl.OkAsync("create", "serviceaccount", "app", "-n", ns);
        var token = (await Kubectl.OkAsync("create", "token", "app", "-n", ns)).Trim();
        using var http = Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var configuration = JsonNode.Parse(await http.GetStringAsync("/.well-known/openid-configuration"))!;
        var jwks = JsonNode.Parse(await http.GetStringAsync("/openid/v1/jwks"))!;

        Assert.Equal(Claims(token)["iss"]!.GetValue<string>(), configuration["issuer"]!.GetValue<string>());
        Assert.EndsWith("/openid/v1/jwks", configuration["jwks_uri"]!.GetValue<string>());
        var key = Assert.Single(jwks["keys"]!.AsArray())!;
        var header = JsonNode.Parse(Convert.FromBase64String(Pad(token.Split('.')[0])))!;
        Assert.Equal(header["kid"]!.GetValue<string>(), key["kid"]!.GetValue<string>());
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Convert.FromBase64String(Pad(key["n"]!.GetValue<string>())),
            Exponent = Convert.FromBase64String(Pad(key["e"]!.GetValue<string>())),
        });
        var signed = Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]);
        Assert.True(rsa.VerifyData(signed, Convert.FromBase64String(Pad(token.Split('.')[2])), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        using var anonymous = Http();
        await AssertStatusAsync(anonymous, "/openid/v1/jwks", HttpStatusCode.Forbidden, "forbidden: User \"system:anonymous\" cannot get path \"/openid/v1/jwks\"");
    }

    private Task<ProcessResult> RunAsAsync(string token, params string[] args) => fixture.RunAsAsync(token, args);

    private Task<string> OkAsAsync(string token, params string[] args) => fixture.OkAsAsync(token, args);

    private Task<string> NamespaceAsync() => fixture.NamespaceAsync();

    private HttpClient Http(X509Certificate2? clientCertificate = null)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        if (clientCertificate is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(clientCertificate);
        }
        return new HttpClient(handler) { BaseAddress = fixture.Server.Address };
    }

    private static async Task AssertStatusAsync(HttpClient http, string path, HttpStatusCode code, string message)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == code, $"GET {path}: {(int)response.StatusCode} {body}");
        var status = JsonNode.Parse(body)!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
    }

    private static JsonObject Claims(string token) => JsonNode.Parse(Convert.FromBase64String(Pad(token.Split('.')[1])))!.AsObject();

    /// <summary>Signs claims with the server's own ServiceAccount key, as only the server could.</summary>
    private string Sign(string header, JsonObject claims)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(fixture.Server.DataDir, "server", "tls", "service.key")));
        var input = $"{header}.{Base64Url(claims.ToJsonString())}";
        return $"{input}.{Base64Url(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}";
    }

    private static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}

using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// `kubectl auth can-i` (SelfSubjectAccessReview, SelfSubjectRulesReview) and the
/// SubjectAccessReview / LocalSubjectAccessReview APIs, with the real kubectl.
/// </summary>
public sealed class AccessReviewTests(SecuredApiServer fixture) : IClassFixture<SecuredApiServer>
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(20);

    // `kubectl create -f` would validate these create-only kinds against OpenAPI v2 in protobuf,
    // which Berth does not serve; --raw posts them as they are.
    private const string SubjectAccessReviews = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task CanI_AnswersForTheServiceAccountsRole()
    {
        var (ns, token) = await PodReaderAsync();

        var yes = await Poll.ForAsync(() => fixture.RunAsAsync(token, "auth", "can-i", "list", "pods", "-n", ns), r => r.ExitCode == 0, Propagation, "can-i list pods");
        Assert.Equal("yes", yes.Stdout.Trim());
        var secrets = await fixture.RunAsAsync(token, "auth", "can-i", "get", "secrets", "-n", ns);
        Assert.Equal(1, secrets.ExitCode);
        Assert.Equal("no", secrets.Stdout.Trim());
        Assert.Equal("no", (await fixture.RunAsAsync(token, "auth", "can-i", "list", "pods", "-n", "default")).Stdout.Trim());
        Assert.Equal("no", (await fixture.RunAsAsync(token, "auth", "can-i", "get", "pods", "--subresource=log", "-n", ns)).Stdout.Trim());
        Assert.Equal("yes", (await fixture.OkAsAsync(token, "auth", "can-i", "get", "/version")).Trim());
        Assert.Equal("yes", (await Kubectl.OkAsync("auth", "can-i", "*", "*", "--all-namespaces")).Trim());
    }

    [Fact]
    public async Task CanIList_PrintsTheRulesHeldInTheNamespace()
    {
        var (ns, token) = await PodReaderAsync();

        var list = await Poll.ForAsync(
            async () => (await fixture.OkAsAsync(token, "auth", "can-i", "--list", "-n", ns)).Split('\n'),
            lines => lines.Any(l => l.StartsWith("pods ", StringComparison.Ordinal)), Propagation, "pods in can-i --list");

        Assert.Matches(@"^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$", list[0]);
        Assert.Contains(list, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^pods\s+\[\]\s+\[\]\s+\[get list watch\]$"));
        Assert.Contains(list, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$"));
        Assert.Contains(list, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\[/api/\*\]\s+\[\]\s+\[get\]$"));
        Assert.DoesNotContain(list, l => l.StartsWith("secrets", StringComparison.Ordinal));
        var elsewhere = await fixture.OkAsAsync(token, "auth", "can-i", "--list", "-n", "default");
        Assert.DoesNotContain("\npods ", elsewhere);
    }

    [Fact]
    public async Task SubjectAccessReview_AnswersForAnotherUser_ForThoseAllowedToAsk()
    {
        var (ns, _) = await PodReaderAsync();
        var review = $$$"""
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
             "spec":{"user":"system:serviceaccount:{{{ns}}}:app","groups":["system:serviceaccounts"],
                     "resourceAttributes":{"namespace":"{{{ns}}}","verb":"list","resource":"pods"} } }
            """;

        var allowed = await Poll.ForAsync(
            async () => JsonNode.Parse((await Kubectl.RunWithStdinAsync(review, "create", "--raw", SubjectAccessReviews, "-f", "-")).Stdout)?["status"]?["allowed"]?.GetValue<bool>(),
            a => a == true, Propagation, "SubjectAccessReview allowed");
        Assert.True(allowed);
        var denied = JsonNode.Parse((await Kubectl.RunWithStdinAsync(review.Replace("\"list\"", "\"delete\""), "create", "--raw", SubjectAccessReviews, "-f", "-")).Stdout)!;
        Assert.False(denied["status"]!["allowed"]!.GetValue<bool>());

        var bob = await Kubectl.RunWithStdinAsync(review, "--kubeconfig", fixture.KubeconfigFor(SecuredApiServer.BobToken), "create", "--raw", SubjectAccessReviews, "-f", "-");
        Assert.Contains("subjectaccessreviews.authorization.k8s.io is forbidden: User \"bob\" cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope", bob.Stderr);

        var nobody = await Kubectl.RunWithStdinAsync("""
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"resourceAttributes":{"verb":"list","resource":"pods"} } }
            """, "create", "--raw", SubjectAccessReviews, "-f", "-");
        Assert.Contains("spec.user: Invalid value: \"\": at least one of user or group must be specified", nobody.Stderr);
    }

    [Fact]
    public async Task LocalSubjectAccessReview_AsksWithinItsNamespaceOnly()
    {
        var (ns, _) = await PodReaderAsync();
        string Review(string attributesNamespace) => $$$"""
            {"apiVersion":"authorization.k8s.io/v1","kind":"LocalSubjectAccessReview","metadata":{"namespace":"{{{ns}}}"},
             "spec":{"user":"system:serviceaccount:{{{ns}}}:app","resourceAttributes":{"namespace":"{{{attributesNamespace}}}","verb":"get","resource":"pods"} } }
            """;

        var path = $"/apis/authorization.k8s.io/v1/namespaces/{ns}/localsubjectaccessreviews";
        var allowed = await Poll.ForAsync(
            async () => JsonNode.Parse((await Kubectl.RunWithStdinAsync(Review(ns), "create", "--raw", path, "-f", "-")).Stdout)?["status"]?["allowed"]?.GetValue<bool>(),
            a => a == true, Propagation, "LocalSubjectAccessReview allowed");
        Assert.True(allowed);

        var mismatch = await Kubectl.RunWithStdinAsync(Review("default"), "create", "--raw", path, "-f", "-");
        Assert.Contains("spec.resourceAttributes.namespace: Invalid value: \"default\": must match metadata.namespace", mismatch.Stderr);
    }

    /// <summary>A namespace with ServiceAccount app bound to a Role reading pods there, and a token of it.</summary>
    private async Task<(string Namespace, string Token)> PodReaderAsync()
    {
        var ns = await fixture.NamespaceAsync();
        await Kubectl.OkAsync("create", "serviceaccount", "app", "-n", ns);
        await Kubectl.OkAsync("create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods", "-n", ns);
        await Kubectl.OkAsync("create", "rolebinding", "app-reads-pods", "--role=pod-reader", $"--serviceaccount={ns}:app", "-n", ns);
        return (ns, (await Kubectl.OkAsync("create", "token", "app", "-n", ns)).Trim());
    }
}

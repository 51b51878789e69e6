using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Tests.Auditing;

public class AuditPolicyCheckerTests
{
    /// <summary>The attributes the pipeline computes for "METHOD /path?query" by the user (name and comma-separated groups).</summary>
    internal static RequestAttributes Attributes(string user, string groups, string request)
    {
        var (method, target) = (request.Split(' ')[0], request.Split(' ')[1]);
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        var query = target.IndexOf('?');
        context.Request.Path = query < 0 ? target : target[..query];
        if (query >= 0)
        {
            context.Request.QueryString = new QueryString(target[query..]);
        }
        return RequestAttributes.From(context, UserInfo.Authenticated(user, "", groups.Split(',', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("{level: Metadata}", "GET /api/v1/namespaces/default/pods", true)]
    [InlineData("{level: Metadata, users: [alice]}", "GET /api/v1/namespaces/default/pods", true)]
    [InlineData("{level: Metadata, users: [bob]}", "GET /api/v1/namespaces/default/pods", false)]
    [InlineData("{level: Metadata, userGroups: [qa, dev]}", "GET /api/v1/namespaces/default/pods", true)]
    [InlineData("{level: Metadata, userGroups: [system:authenticated]}", "GET /version", true)]
    [InlineData("{level: Metadata, userGroups: [ops]}", "GET /api/v1/namespaces/default/pods", false)]
    [InlineData("{level: Metadata, verbs: [list]}", "GET /api/v1/namespaces/default/pods", true)]
    [InlineData("{level: Metadata, verbs: [get]}", "GET /api/v1/namespaces/default/pods", false)]
    [InlineData("{level: Metadata, verbs: [watch]}", "GET /api/v1/namespaces/default/pods?watch=true", true)]
    [InlineData("{level: Metadata, verbs: [deletecollection]}", "DELETE /api/v1/namespaces/default/pods", true)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: [pods]}]}", "GET /api/v1/namespaces/default/pods/web", true)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: [pods]}]}", "GET /api/v1/namespaces/default/pods/web/log", false)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: [pods/log]}]}", "GET /api/v1/namespaces/default/pods/web/log", true)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: [pods/log]}]}", "GET /api/v1/namespaces/default/pods/web", false)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: ['pods/*']}]}", "POST /api/v1/namespaces/default/pods/web/exec", true)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: ['pods/*']}]}", "GET /api/v1/namespaces/default/pods/web", true)]
    [InlineData("{level: Metadata, resources: [{group: apps, resources: ['*/status']}]}", "PUT /apis/apps/v1/namespaces/default/deployments/web/status", true)]
    [InlineData("{level: Metadata, resources: [{group: apps, resources: ['*/status']}]}", "PUT /apis/apps/v1/namespaces/default/deployments/web", false)]
    [InlineData("{level: Metadata, resources: [{group: apps, resources: ['*']}]}", "PUT /apis/apps/v1/namespaces/default/deployments/web/scale", true)]
    [InlineData("{level: Metadata, resources: [{group: apps}]}", "GET /apis/apps/v1/replicasets", true)]
    [InlineData("{level: Metadata, resources: [{group: apps}]}", "GET /api/v1/namespaces/default/pods", false)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: [configmaps]}]}", "GET /apis/apps/v1/namespaces/default/configmaps", false)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: [secrets], resourceNames: [db]}]}", "GET /api/v1/namespaces/default/secrets/db", true)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: [secrets], resourceNames: [db]}]}", "GET /api/v1/namespaces/default/secrets/web", false)]
    [InlineData("{level: Metadata, resources: [{group: '', resources: [secrets], resourceNames: [db]}]}", "GET /api/v1/namespaces/default/secrets?fieldSelector=metadata.name%3Ddb", true)]
    [InlineData("{level: Metadata, namespaces: [default]}", "GET /api/v1/namespaces/default/pods", true)]
    [InlineData("{level: Metadata, namespaces: [kube-system]}", "GET /api/v1/namespaces/default/pods", false)]
    [InlineData("{level: Metadata, namespaces: ['']}", "GET /api/v1/nodes", true)]
    [InlineData("{level: Metadata, namespaces: [default]}", "GET /healthz", false)]
    [InlineData("{level: Metadata, nonResourceURLs: [/healthz]}", "GET /healthz", true)]
    [InlineData("{level: Metadata, nonResourceURLs: [/healthz]}", "GET /healthz/etcd", false)]
    [InlineData("{level: Metadata, nonResourceURLs: ['/healthz*']}", "GET /healthz/etcd", true)]
    [InlineData("{level: Metadata, nonResourceURLs: ['/openapi/*']}", "GET /openapi/v2", true)]
    [InlineData("{level: Metadata, nonResourceURLs: ['*']}", "GET /version", true)]
    [InlineData("{level: Metadata, nonResourceURLs: ['*']}", "GET /api/v1/namespaces/default/pods", false)]
    [InlineData("{level: Metadata, resources: [{group: ''}]}", "GET /version", false)]
    public void Matches_RuleAndRequest_AsKubesChecker(string rule, string request, bool matches)
    {
        var policy = AuditPolicyParser.Parse($"{{apiVersion: audit.k8s.io/v1, kind: Policy, rules: [{rule}]}}");

        Assert.Equal(matches, AuditPolicyChecker.Matches(policy.Rules[0], Attributes("alice", "dev", request)));
    }

    [Theory]
    [InlineData("alice", "GET /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x", AuditLevel.None)]
    [InlineData("alice", "PUT /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x", AuditLevel.Metadata)]
    [InlineData("alice", "POST /api/v1/namespaces/default/configmaps", AuditLevel.RequestResponse)]
    [InlineData("bob", "POST /api/v1/namespaces/default/configmaps", AuditLevel.Request)]
    [InlineData("alice", "GET /healthz", AuditLevel.None)]
    [InlineData("alice", "GET /version", AuditLevel.Metadata)]
    public void Evaluate_FirstMatchingRuleWins_ElseNone(string user, string request, AuditLevel level)
    {
        var checker = new AuditPolicyChecker(AuditPolicyParser.Parse("""
            apiVersion: audit.k8s.io/v1
            kind: Policy
            rules:
            - level: None
              verbs: [get]
              resources: [{group: coordination.k8s.io, resources: [leases]}]
            - level: Request
              users: [bob]
            - level: RequestResponse
              resources: [{group: "", resources: [configmaps]}]
            - level: None
              nonResourceURLs: [/healthz*]
            - level: Metadata
            """));

        Assert.Equal(level, checker.Evaluate(Attributes(user, "", request)).Level);
    }

    [Fact]
    public void Evaluate_NoRuleMatches_IsNone()
    {
        var checker = new AuditPolicyChecker(AuditPolicyParser.Parse("{apiVersion: audit.k8s.io/v1, kind: Policy, rules: [{level: Metadata, users: [carol]}]}"));

        Assert.Equal(AuditLevel.None, checker.Evaluate(Attributes("alice", "", "GET /version")).Level);
    }

    [Fact]
    public void Evaluate_OmitStages_AreThePolicysAndTheRules()
    {
        var checker = new AuditPolicyChecker(AuditPolicyParser.Parse("""
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: [RequestReceived]
            omitManagedFields: true
            rules:
            - level: Metadata
              users: [alice]
              omitStages: [ResponseStarted]
              omitManagedFields: false
            - level: Metadata
            """));

        var alice = checker.Evaluate(Attributes("alice", "", "GET /version"));
        var bob = checker.Evaluate(Attributes("bob", "", "GET /version"));

        Assert.Equal([AuditStage.RequestReceived, AuditStage.ResponseStarted], alice.OmitStages.Order());
        Assert.False(alice.OmitManagedFields);
        Assert.Equal([AuditStage.RequestReceived], bob.OmitStages);
        Assert.True(bob.OmitManagedFields);
    }
}

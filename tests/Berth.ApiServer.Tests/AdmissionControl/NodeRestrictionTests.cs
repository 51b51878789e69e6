using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Tests.Registry;

namespace Berth.ApiServer.Tests.AdmissionControl;

public class NodeRestrictionTests
{
    private static readonly UserInfo N1 = UserInfo.Authenticated("system:node:n1", "", [NodeIdentity.Group]);

    public static TheoryData<string, AdmissionOperation, UpdateTarget, string, string, string?, string?> Writes => new()
    {
        // resource, operation, target, name, object, old object, refusal (null = admitted)
        { "nodes", AdmissionOperation.Create, UpdateTarget.Main, "n1", """{"metadata":{"name":"n1","labels":{"kubernetes.io/hostname":"n1","node.kubernetes.io/instance-type":"berth","example.com/disk":"ssd"}}}""", null, null },
        { "nodes", AdmissionOperation.Update, UpdateTarget.Status, "n1", """{"metadata":{"name":"n1"}}""", """{"metadata":{"name":"n1"}}""", null },
        { "nodes", AdmissionOperation.Update, UpdateTarget.Main, "other", """{"metadata":{"name":"other"}}""", """{"metadata":{"name":"other"}}""",
            "nodes \"other\" is forbidden: node \"n1\" is not allowed to modify node \"other\"" },
        { "nodes", AdmissionOperation.Delete, UpdateTarget.Main, "other", """{"metadata":{"name":"other"}}""", """{"metadata":{"name":"other"}}""",
            "nodes \"other\" is forbidden: node \"n1\" is not allowed to modify node \"other\"" },
        { "nodes", AdmissionOperation.Create, UpdateTarget.Main, "n1", """{"metadata":{"name":"n1","labels":{"node-role.kubernetes.io/control-plane":"true","node-restriction.kubernetes.io/pool":"a"}}}""", null,
            "nodes \"n1\" is forbidden: node \"n1\" is not allowed to set the following labels: node-restriction.kubernetes.io/pool, node-role.kubernetes.io/control-plane" },
        { "nodes", AdmissionOperation.Update, UpdateTarget.Main, "n1", """{"metadata":{"name":"n1","labels":{"a.node-restriction.kubernetes.io/x":"1"}}}""", """{"metadata":{"name":"n1"}}""",
            "nodes \"n1\" is forbidden: is not allowed to modify labels: a.node-restriction.kubernetes.io/x" },
        { "nodes", AdmissionOperation.Update, UpdateTarget.Main, "n1", """{"metadata":{"name":"n1","labels":{"node-role.kubernetes.io/x":"1"}}}""", """{"metadata":{"name":"n1","labels":{"node-role.kubernetes.io/x":"1"}}}""", null },
        { "nodes", AdmissionOperation.Update, UpdateTarget.Main, "n1", """{"metadata":{"name":"n1"},"spec":{"taints":[]}}""", """{"metadata":{"name":"n1"},"spec":{"taints":[{"key":"k","effect":"NoSchedule"}]}}""",
            "nodes \"n1\" is forbidden: node \"n1\" is not allowed to modify taints" },
        { "pods", AdmissionOperation.Update, UpdateTarget.Status, "web", Pod("n1"), Pod("n1"), null },
        { "pods", AdmissionOperation.Update, UpdateTarget.Status, "web", Pod("n2"), Pod("n2"),
            "pods \"web\" is forbidden: node \"n1\" can only update pod status for pods with spec.nodeName set to itself" },
        { "pods", AdmissionOperation.Update, UpdateTarget.Status, "web", """{"metadata":{"name":"web","labels":{"a":"b"}},"spec":{"nodeName":"n1"}}""", Pod("n1"),
            "pods \"web\" is forbidden: node \"n1\" cannot update labels through pod status" },
        { "pods", AdmissionOperation.Delete, UpdateTarget.Main, "web", Pod("n1"), Pod("n1"), null },
        { "pods", AdmissionOperation.Delete, UpdateTarget.Main, "web", Pod("n2"), Pod("n2"),
            "pods \"web\" is forbidden: node \"n1\" can only delete pods with spec.nodeName set to itself" },
        { "pods", AdmissionOperation.Update, UpdateTarget.Main, "web", Pod("n1"), Pod("n1"),
            "pods \"web\" is forbidden: unexpected operation \"UPDATE\", node \"n1\" can only create and delete mirror pods" },
        { "pods", AdmissionOperation.Create, UpdateTarget.Main, "web", Pod("n1"), null,
            "pods \"web\" is forbidden: pod does not have \"kubernetes.io/config.mirror\" annotation, node \"n1\" can only create mirror pods" },
        { "pods", AdmissionOperation.Create, UpdateTarget.Main, "web", Mirror("n1", "{}"), null, null },
        { "pods", AdmissionOperation.Create, UpdateTarget.Binding, "web", """{"metadata":{"name":"web"},"target":{"name":"n1"}}""", null,
            "pods \"web\" is forbidden: unexpected pod subresource \"binding\", only 'status' and 'eviction' are allowed" },
        { "pods", AdmissionOperation.Create, UpdateTarget.Main, "web", Mirror("n2", "{}"), null,
            "pods \"web\" is forbidden: node \"n1\" can only create pods with spec.nodeName set to itself" },
        { "pods", AdmissionOperation.Create, UpdateTarget.Main, "web", Mirror("n1", """{"volumes":[{"name":"s","secret":{"secretName":"s1"}}]}"""), null,
            "pods \"web\" is forbidden: node \"n1\" can not create pods that reference secrets" },
        { "pods", AdmissionOperation.Create, UpdateTarget.Main, "web", Mirror("n1", """{"serviceAccountName":"app"}"""), null,
            "pods \"web\" is forbidden: node \"n1\" can not create pods that reference a service account" },
        { "leases", AdmissionOperation.Create, UpdateTarget.Main, "n1", """{"metadata":{"name":"n1"}}""", null, null },
        { "leases", AdmissionOperation.Create, UpdateTarget.Main, "n2", """{"metadata":{"name":"n2"}}""", null,
            "leases.coordination.k8s.io \"n2\" is forbidden: can only access node lease with the same name as the requesting node" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Admit_ANodesWrite_OnlyToItsOwnObjects(string resource, AdmissionOperation operation, UpdateTarget target, string name, string obj, string? old, string? refusal)
    {
        var request = Request(N1, resource, operation, target, name, obj, old);

        var refused = await Record.ExceptionAsync(() => Validate(request).AsTask());

        Assert.Equal(refusal, (refused as ApiException)?.Message);
        if (refusal is not null)
        {
            Assert.Equal(403, ((ApiException)refused!).Code);
        }
    }

    [Fact]
    public async Task Admit_UsersThatAreNotNodes_PassUntouched()
    {
        var admin = UserInfo.Authenticated("system:admin", "", [UserInfo.PrivilegedGroup]);

        await Validate(Request(admin, "nodes", AdmissionOperation.Update, UpdateTarget.Main, "other", """{"metadata":{"name":"other"}}""", """{"metadata":{"name":"other"}}"""));
    }

    private static ValueTask Validate(AdmissionRequest request) =>
        request.Operation == AdmissionOperation.Delete
            ? new NodeRestriction().ValidateDeleteAsync(request, CancellationToken.None)
            : new NodeRestriction().ValidateAsync(request, CancellationToken.None);

    private static string Pod(string node) => $$$"""{"metadata":{"name":"web"},"spec":{"nodeName":"{{{node}}}","containers":[{"name":"c","image":"busybox"}]}}""";

    private static string Mirror(string node, string spec)
    {
        var pod = JsonNode.Parse(Pod(node))!.AsObject();
        pod["metadata"]!["annotations"] = new JsonObject { ["kubernetes.io/config.mirror"] = "hash" };
        foreach (var member in JsonNode.Parse(spec)!.AsObject())
        {
            pod["spec"]![member.Key] = member.Value!.DeepClone();
        }
        return pod.ToJsonString();
    }

    private static AdmissionRequest Request(UserInfo user, string resource, AdmissionOperation operation, UpdateTarget target, string name, string obj, string? old)
    {
        var definition = resource == "leases" ? StoreFixture.Resource("coordination.k8s.io", "leases") : StoreFixture.Resource("", resource);
        var ns = resource == "nodes" ? "" : resource == "leases" ? NodeAuthorizer.LeaseNamespace : "default";
        return new AdmissionRequest(user, operation, definition, ns, name, target, StoreFixture.Json(obj), old is null ? null : StoreFixture.Json(old), false, null!, _ => { });
    }
}

using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization.Nodes;
using Berth.ApiServer.Streaming;

namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>
/// The ClusterRoles and ClusterRoleBindings kube-apiserver keeps in every cluster (its bootstrap
/// policy, plugin/pkg/auth/authorizer/rbac/bootstrappolicy, 1.32): cluster-admin, the aggregated
/// admin/edit/view, the discovery and self-review roles everyone holds, and the roles of the
/// control-plane components and of each controller (<see cref="ControllerPolicy"/>). <see cref="BootstrapPolicyReconciler"/> writes them at every start.
/// </summary>
public static class BootstrapPolicy
{
    public const string AutoUpdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate";
    public const string BootstrappingLabel = "kubernetes.io/bootstrapping";
    public const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    public const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    public const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";

    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] EventWrite = ["create", "patch", "update"];
    private static readonly string[] Create = ["create"];
    private static readonly string[] Get = ["get"];
    private static readonly string[] Core = [""];

    public static IReadOnlyList<JsonObject> ClusterRoles() =>
    [
        Role("berth:network-policy-agent",
        [
            new(["list", "watch"], Core, ["pods", "namespaces"]),
            new(["list", "watch"], ["networking.k8s.io"], ["networkpolicies"]),
        ]),
        // k3s' local-path-provisioner-role, less the helper pods: Berth's agents make the directories themselves.
        Role("berth:local-path-provisioner",
        [
            new(Read, Core, ["persistentvolumeclaims"]),
            new(["create", "delete", "get", "list", "patch", "update", "watch"], Core, ["persistentvolumes"]),
            new(EventWrite, Core, ["events"]),
            new(Read, ["storage.k8s.io"], ["storageclasses"]),
        ]),
        Role("berth:node-tunnel", [new(Get, NonResourceUrls: [NodeTunnels.ControlPath, NodeTunnels.ControlPath + "/*"])]),
        Role("cluster-admin", [new(["*"], ["*"], ["*"]), new(["*"], NonResourceUrls: ["*"])]),
        Aggregated("admin", AggregateToAdmin),
        Aggregated("edit", AggregateToEdit, AggregateToAdmin),
        Aggregated("view", AggregateToView, AggregateToEdit),
        Role("system:aggregate-to-admin", AggregateToAdminRules, AggregateToAdmin),
        Role("system:aggregate-to-edit", AggregateToEditRules, AggregateToEdit),
        Role("system:aggregate-to-view", AggregateToViewRules, AggregateToView),
        Role("system:auth-delegator",
        [
            new(Create, ["authentication.k8s.io"], ["tokenreviews"]),
            new(Create, ["authorization.k8s.io"], ["subjectaccessreviews"]),
        ]),
        Role("system:basic-user",
        [
            new(Create, ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            new(Create, ["authentication.k8s.io"], ["selfsubjectreviews"]),
        ]),
        Role("system:certificates.k8s.io:certificatesigningrequests:nodeclient", [new(Create, ["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"])]),
        Role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [new(Create, ["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"])]),
        Approver("kube-apiserver-client"),
        Approver("kube-apiserver-client-kubelet"),
        Approver("kubelet-serving"),
        Approver("legacy-unknown"),
        Role("system:discovery",
        [
            new(Get, NonResourceUrls: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]),
        ]),
        Role("system:heapster", [new(Read, Core, ["events", "namespaces", "nodes", "pods"]), new(Read, ["extensions"], ["deployments"])]),
        Role("system:kube-aggregator", [new(Read, Core, ["endpoints", "services"])]),
        Role("system:kube-controller-manager",
        [
            new(EventWrite, ["", "events.k8s.io"], ["events"]),
            new(Create, ["coordination.k8s.io"], ["leases"]),
            new(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-controller-manager"]),
            new(Create, Core, ["secrets", "serviceaccounts"]),
            new(["delete"], Core, ["secrets"]),
            new(Get, Core, ["configmaps", "namespaces", "secrets", "serviceaccounts"]),
            new(["update"], Core, ["secrets", "serviceaccounts"]),
            new(Create, ["authentication.k8s.io"], ["tokenreviews"]),
            new(Create, ["authorization.k8s.io"], ["subjectaccessreviews"]),
            new(["list", "watch"], ["*"], ["*"]),
            new(Create, Core, ["serviceaccounts/token"]),
        ]),
        Role("system:kube-dns", [new(["list", "watch"], Core, ["endpoints", "services"])]),
        Role("system:kube-scheduler",
        [
            new(EventWrite, ["", "events.k8s.io"], ["events"]),
            new(Create, ["coordination.k8s.io"], ["leases"]),
            new(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-scheduler"]),
            new(Read, Core, ["nodes"]),
            new(["delete", "get", "list", "watch"], Core, ["pods"]),
            new(Create, Core, ["bindings", "pods/binding"]),
            new(["patch", "update"], Core, ["pods/status"]),
            new(Read, Core, ["replicationcontrollers", "services"]),
            new(Read, ["apps", "extensions"], ["replicasets"]),
            new(Read, ["apps"], ["statefulsets"]),
            new(Read, ["policy"], ["poddisruptionbudgets"]),
            new(Read, Core, ["persistentvolumeclaims", "persistentvolumes"]),
            new(Create, ["authentication.k8s.io"], ["tokenreviews"]),
            new(Create, ["authorization.k8s.io"], ["subjectaccessreviews"]),
            new(Read, ["storage.k8s.io"], ["csinodes"]),
            new(Read, Core, ["namespaces"]),
            new(Read, ["storage.k8s.io"], ["csidrivers"]),
            new(Read, ["storage.k8s.io"], ["csistoragecapacities"]),
        ]),
        Role("system:kubelet-api-admin",
        [
            new(Read, Core, ["nodes"]),
            new(["proxy"], Core, ["nodes"]),
            new(["*"], Core, ["nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"]),
        ]),
        Role("system:monitoring",
        [
            new(Get, NonResourceUrls: ["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*"]),
        ]),
        Role("system:node", NodeRules),
        Role("system:node-bootstrapper", [new(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"])]),
        Role("system:node-problem-detector",
        [
            new(Get, Core, ["nodes"]),
            new(["patch"], Core, ["nodes/status"]),
            new(EventWrite, ["", "events.k8s.io"], ["events"]),
        ]),
        Role("system:node-proxier",
        [
            new(["list", "watch"], Core, ["endpoints", "services"]),
            new(Read, Core, ["nodes"]),
            new(EventWrite, ["", "events.k8s.io"], ["events"]),
            new(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"]),
        ]),
        Role("system:persistent-volume-provisioner",
        [
            new(["create", "delete", "get", "list", "watch"], Core, ["persistentvolumes"]),
            new(["get", "list", "update", "watch"], Core, ["persistentvolumeclaims"]),
            new(Read, ["storage.k8s.io"], ["storageclasses"]),
            new(["watch"], Core, ["events"]),
            new(EventWrite, ["", "events.k8s.io"], ["events"]),
        ]),
        Role("system:public-info-viewer", [new(Get, NonResourceUrls: ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
        Role("system:service-account-issuer-discovery", [new(Get, NonResourceUrls: ["/.well-known/openid-configuration", "/openid/v1/jwks"])]),
        Role("system:volume-scheduler",
        [
            new(["get", "list", "patch", "update", "watch"], Core, ["persistentvolumes"]),
            new(Read, ["storage.k8s.io"], ["storageclasses"]),
            new(["get", "list", "patch", "update", "watch"], Core, ["persistentvolumeclaims"]),
        ]),
        .. ControllerPolicy.ClusterRoles(),
    ];

    public static IReadOnlyList<JsonObject> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", "cluster-admin", new RbacSubject(RbacSubject.Group, UserInfo.PrivilegedGroup)),
        Binding("system:basic-user", "system:basic-user", new RbacSubject(RbacSubject.Group, UserInfo.AllAuthenticated)),
        Binding("system:discovery", "system:discovery", new RbacSubject(RbacSubject.Group, UserInfo.AllAuthenticated)),
        Binding("system:kube-controller-manager", "system:kube-controller-manager", new RbacSubject(RbacSubject.User, "system:kube-controller-manager")),
        Binding("system:kube-dns", "system:kube-dns", new RbacSubject(RbacSubject.ServiceAccount, "kube-dns", "kube-system")),
        Binding("system:kube-scheduler", "system:kube-scheduler", new RbacSubject(RbacSubject.User, "system:kube-scheduler")),
        Binding("system:monitoring", "system:monitoring", new RbacSubject(RbacSubject.Group, "system:monitoring")),
        // kube binds system:node to nobody: nodes are authorized by the Node authorizer. A Berth agent is also its
        // node's proxy, so nodes hold the proxier's role (kube-proxy's in k3s), which reads no Secret.
        Binding("system:node", "system:node"),
        Binding("berth:node-proxiers", "system:node-proxier", new RbacSubject(RbacSubject.Group, NodeIdentity.Group)),
        // Each agent enforces NetworkPolicies on its node, as a network plugin's daemon does with a role of its own.
        // A joined agent holds a reverse tunnel, so the server reaches its streaming port where it could not dial it.
        Binding("berth:node-tunnels", "berth:node-tunnel", new RbacSubject(RbacSubject.Group, NodeIdentity.Group)),
        // Each agent provisions the local-path volumes of its own disk, as k3s' local-path-provisioner does for the cluster.
        Binding("berth:local-path-provisioners", "berth:local-path-provisioner", new RbacSubject(RbacSubject.Group, NodeIdentity.Group)),
        Binding("berth:network-policy-agents", "berth:network-policy-agent", new RbacSubject(RbacSubject.Group, NodeIdentity.Group)),
        // A join-token holder may ask for a node's client certificate, as kubeadm's bootstrap token bindings allow.
        Binding("berth:node-bootstrapper", "system:node-bootstrapper", new RbacSubject(RbacSubject.Group, "system:bootstrappers")),
        Binding("berth:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", new RbacSubject(RbacSubject.Group, "system:bootstrappers")),
        Binding("system:node-proxier", "system:node-proxier", new RbacSubject(RbacSubject.User, "system:kube-proxy")),
        Binding("system:public-info-viewer", "system:public-info-viewer",
            new RbacSubject(RbacSubject.Group, UserInfo.AllAuthenticated), new RbacSubject(RbacSubject.Group, UserInfo.AllUnauthenticated)),
        Binding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery",
            new RbacSubject(RbacSubject.Group, ServiceAccountTokenAuthenticator.AllServiceAccounts)),
        Binding("system:volume-scheduler", "system:volume-scheduler", new RbacSubject(RbacSubject.User, "system:kube-scheduler")),
        .. ControllerPolicy.ClusterRoleBindings(),
    ];

    /// <summary>Bindings earlier Berth versions made and no longer do: berth:nodes gave every node the system:node role, before the Node authorizer.</summary>
    public static IReadOnlyList<string> RetiredClusterRoleBindings { get; } = ["berth:nodes"];

    private static readonly PolicyRule[] AggregateToAdminRules =
    [
        new(Create, ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
        new(ReadWrite, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
    ];

    private static readonly PolicyRule[] AggregateToEditRules =
    [
        new(Read, Core, ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
        new(["impersonate"], Core, ["serviceaccounts"]),
        new(Write, Core, ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
        new(Create, Core, ["pods/eviction"]),
        new(Write, Core, ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
        new(Create, Core, ["serviceaccounts/token"]),
        new(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
        new(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
        new(Write, ["batch"], ["cronjobs", "jobs"]),
        new(Write, ["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"]),
        new(Write, ["policy"], ["poddisruptionbudgets"]),
        new(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
        new(ReadWrite, ["coordination.k8s.io"], ["leases"]),
    ];

    private static readonly PolicyRule[] AggregateToViewRules =
    [
        new(Read, Core, ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
        new(Read, Core, ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
        new(Read, Core, ["namespaces"]),
        new(Read, ["discovery.k8s.io"], ["endpointslices"]),
        new(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
        new(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
        new(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
        new(Read, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"]),
        new(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
        new(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
    ];

    /// <summary>The system:node ClusterRole's rules, which the Node authorizer grants nodes beyond the objects it subdivides.</summary>
    public static IReadOnlyList<PolicyRule> NodeRules { get; } =
    [
        new(Create, ["authentication.k8s.io"], ["tokenreviews"]),
        new(Create, ["authorization.k8s.io"], ["localsubjectaccessreviews", "subjectaccessreviews"]),
        new(Read, Core, ["services"]),
        new(["create", "get", "list", "watch"], Core, ["nodes"]),
        new(["patch", "update"], Core, ["nodes/status"]),
        new(["patch", "update"], Core, ["nodes"]),
        new(EventWrite, Core, ["events"]),
        new(Read, Core, ["pods"]),
        new(["create", "delete"], Core, ["pods"]),
        new(["patch", "update"], Core, ["pods/status"]),
        new(Create, Core, ["pods/eviction"]),
        new(Read, Core, ["configmaps", "secrets"]),
        new(Get, Core, ["persistentvolumeclaims", "persistentvolumes"]),
        new(Get, Core, ["endpoints"]),
        new(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
        new(["create", "delete", "get", "patch", "update"], ["coordination.k8s.io"], ["leases"]),
        new(Get, ["storage.k8s.io"], ["volumeattachments"]),
        new(Create, Core, ["serviceaccounts/token"]),
        new(["get", "patch", "update"], Core, ["persistentvolumeclaims/status"]),
        new(Read, ["storage.k8s.io"], ["csidrivers"]),
        new(["create", "delete", "get", "patch", "update"], ["storage.k8s.io"], ["csinodes"]),
        new(Read, ["node.k8s.io"], ["runtimeclasses"]),
    ];

    /// <summary>A default ClusterRole: kube's bootstrapping label, autoupdate on, and the aggregation labels it carries.</summary>
    internal static JsonObject Role(string name, IEnumerable<PolicyRule> rules, params string[] aggregateTo)
    {
        var role = Metadata("ClusterRole", name, aggregateTo);
        role["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]);
        return role;
    }

    /// <summary>A ClusterRole whose rules are those of the ClusterRoles labelled <paramref name="selector"/>=true (filled by the aggregation controller).</summary>
    private static JsonObject Aggregated(string name, string selector, params string[] aggregateTo)
    {
        var role = Metadata("ClusterRole", name, aggregateTo);
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [selector] = "true" } }),
        };
        role["rules"] = new JsonArray();
        return role;
    }

    private static JsonObject Approver(string signer) =>
        Role($"system:certificates.k8s.io:{signer}-approver", [new(["approve"], ["certificates.k8s.io"], ["signers"], [$"kubernetes.io/{signer}"])]);

    internal static JsonObject Binding(string name, string roleName, params RbacSubject[] subjects)
    {
        var binding = Metadata("ClusterRoleBinding", name, []);
        binding["roleRef"] = new RoleRef(RoleRef.ClusterRole, roleName).ToJson();
        if (subjects.Length > 0)
        {
            binding["subjects"] = new JsonArray([.. subjects.Select(s => (JsonNode)s.ToJson())]);
        }
        return binding;
    }

    private static JsonObject Metadata(string kind, string name, string[] aggregateTo)
    {
        var labels = new JsonObject { [BootstrappingLabel] = "rbac-defaults" };
        foreach (var label in aggregateTo)
        {
            labels[label] = "true";
        }
        return new JsonObject
        {
            ["apiVersion"] = $"{RbacSubject.ApiGroup}/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { [AutoUpdateAnnotation] = "true" },
            },
        };
    }
}

using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;

namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>
/// The roles of kube-controller-manager's controllers when each acts as its own ServiceAccount
/// (<c>--use-service-account-credentials</c>; kube's bootstrappolicy/controller_policy.go, 1.32): ClusterRole
/// <c>system:controller:NAME</c> bound to <c>system:serviceaccount:kube-system:NAME</c>. Berth writes them with
/// the other defaults; a controller that needs more than its role says so here, with the reason.
/// </summary>
public static class ControllerPolicy
{
    public const string RolePrefix = "system:controller:";
    public const string Namespace = "kube-system";

    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] ListWatch = ["list", "watch"];
    private static readonly string[] Update = ["update"];
    private static readonly string[] Core = [""];
    private static readonly string[] Apps = ["apps", "extensions"];
    private static readonly string[] Batch = ["batch"];
    private static readonly string[] Any = [PolicyRule.All];

    /// <summary>Every controller's ServiceAccount name and the rules its role grants, in kube's order.</summary>
    public static IReadOnlyList<(string ServiceAccount, PolicyRule[] Rules)> Controllers { get; } =
    [
        ("attachdetach-controller",
        [
            new(ListWatch, Core, ["persistentvolumes", "persistentvolumeclaims"]),
            new(Read, Core, ["nodes"]),
            new(["patch", "update"], Core, ["nodes/status"]),
            new(ListWatch, Core, ["pods"]),
            Events,
            new(["get", "create", "delete", "list", "watch"], ["storage.k8s.io"], ["volumeattachments"]),
            new(Read, ["storage.k8s.io"], ["csidrivers", "csinodes"]),
        ]),
        // Aggregation rewrites any ClusterRole's rules, so it may escalate.
        ("clusterrole-aggregation-controller", [new(["escalate", "get", "list", "watch", "update", "patch"], ["rbac.authorization.k8s.io"], ["clusterroles"])]),
        ("cronjob-controller",
        [
            new(["get", "list", "watch", "update"], Batch, ["cronjobs"]),
            new(["get", "list", "watch", "create", "update", "delete", "patch"], Batch, ["jobs"]),
            new(Update, Batch, ["cronjobs/status", "cronjobs/finalizers"]),
            new(["list", "watch", "delete"], Core, ["pods"]),
            Events,
        ]),
        ("daemon-set-controller",
        [
            new(Read, Apps, ["daemonsets"]),
            new(Update, Apps, ["daemonsets/status", "daemonsets/finalizers"]),
            new(ListWatch, Core, ["nodes"]),
            new(["list", "watch", "create", "delete", "patch"], Core, ["pods"]),
            new(["create"], Core, ["pods/binding"]),
            new(["get", "list", "watch", "create", "delete", "update", "patch"], ["apps"], ["controllerrevisions"]),
            Events,
        ]),
        ("deployment-controller",
        [
            // Berth's controller patches a Deployment's revision annotation where kube's updates the Deployment.
            new(["get", "list", "watch", "update", "patch"], Apps, ["deployments"]),
            new(Update, Apps, ["deployments/status", "deployments/finalizers"]),
            new(["get", "list", "watch", "create", "update", "patch", "delete"], Apps, ["replicasets"]),
            new(["get", "list", "watch", "update"], Core, ["pods"]),
            Events,
        ]),
        ("disruption-controller",
        [
            new(Read, Apps, ["deployments", "replicasets"]),
            new(Read, Core, ["replicationcontrollers"]),
            new(Read, ["policy"], ["poddisruptionbudgets"]),
            new(Read, ["apps"], ["statefulsets"]),
            new(Update, ["policy"], ["poddisruptionbudgets/status"]),
            new(["patch", "update"], Core, ["pods/status"]),
            new(["get"], Any, ["*/scale"]),
            Events,
        ]),
        ("endpoint-controller",
        [
            new(Read, Core, ["services", "pods"]),
            new(["get", "list", "watch", "create", "update", "delete"], Core, ["endpoints"]),
            new(["create"], Core, ["endpoints/restricted"]),
            Events,
        ]),
        ("endpointslice-controller",
        [
            new(Read, Core, ["services", "pods", "nodes"]),
            new(Update, Core, ["services/finalizers"]),
            new(["get", "list", "watch", "create", "update", "delete"], ["discovery.k8s.io"], ["endpointslices"]),
            Events,
        ]),
        ("endpointslicemirroring-controller",
        [
            new(Read, Core, ["services", "endpoints"]),
            new(Update, Core, ["services/finalizers", "endpoints/finalizers"]),
            new(["get", "list", "watch", "create", "update", "delete"], ["discovery.k8s.io"], ["endpointslices"]),
            Events,
        ]),
        ("ephemeral-volume-controller",
        [
            new(Read, Core, ["pods"]),
            new(Update, Core, ["pods/finalizers"]),
            new(["get", "list", "watch", "create"], Core, ["persistentvolumeclaims"]),
            Events,
        ]),
        ("expand-controller",
        [
            new(["get", "list", "watch", "update", "patch"], Core, ["persistentvolumes"]),
            new(["update", "patch"], Core, ["persistentvolumeclaims/status"]),
            new(Read, Core, ["persistentvolumeclaims"]),
            Events,
            new(["get"], Core, ["services"]),
        ]),
        ("generic-garbage-collector", [new(["get", "list", "watch", "patch", "update", "delete"], Any, Any), Events]),
        ("horizontal-pod-autoscaler",
        [
            new(Read, ["autoscaling"], ["horizontalpodautoscalers"]),
            new(Update, ["autoscaling"], ["horizontalpodautoscalers/status"]),
            new(["get", "update"], Any, ["*/scale"]),
            new(ListWatch, Core, ["pods"]),
            new(ListWatch, ["metrics.k8s.io"], ["pods"]),
            new(Read, ["custom.metrics.k8s.io"], Any),
            new(Read, ["external.metrics.k8s.io"], Any),
            Events,
        ]),
        ("job-controller",
        [
            new(["get", "list", "watch", "update", "patch"], Batch, ["jobs"]),
            new(Update, Batch, ["jobs/status", "jobs/finalizers"]),
            new(["list", "watch", "create", "delete", "patch"], Core, ["pods"]),
            Events,
        ]),
        ("namespace-controller",
        [
            new(["get", "list", "watch", "delete"], Core, ["namespaces"]),
            new(Update, Core, ["namespaces/finalize", "namespaces/status"]),
            new(["get", "list", "watch", "delete", "deletecollection"], Any, Any),
        ]),
        // Node lifecycle, its taint eviction and node IPAM act as node-controller, as in kube.
        ("node-controller",
        [
            new(["get", "list", "watch", "update", "delete", "patch"], Core, ["nodes"]),
            new(["patch", "update"], Core, ["nodes/status", "pods/status"]),
            new(["list", "watch", "get", "delete"], Core, ["pods"]),
            Events,
        ]),
        ("persistent-volume-binder",
        [
            new(["get", "list", "watch", "update", "create", "delete"], Core, ["persistentvolumes"]),
            new(Update, Core, ["persistentvolumes/status", "persistentvolumeclaims/status"]),
            // Berth's binder patches a claim's annotations where kube's updates the claim.
            new(["get", "list", "watch", "update", "patch"], Core, ["persistentvolumeclaims"]),
            new(["list", "watch", "get", "create", "delete"], Core, ["pods"]),
            new(Read, ["storage.k8s.io"], ["storageclasses"]),
            new(ListWatch, Core, ["nodes"]),
            Events,
            new(["watch"], Core, ["events"]),
            new(["get"], Core, ["services"]),
        ]),
        ("pod-garbage-collector",
        [
            new(["list", "watch", "delete"], Core, ["pods"]),
            new(Read, Core, ["nodes"]),
            new(["patch"], Core, ["pods/status"]),
        ]),
        ("replicaset-controller",
        [
            new(["get", "list", "watch", "update"], Apps, ["replicasets"]),
            new(Update, Apps, ["replicasets/status", "replicasets/finalizers"]),
            new(["list", "watch", "patch", "create", "delete"], Core, ["pods"]),
            Events,
        ]),
        ("replication-controller",
        [
            new(["get", "list", "watch", "update"], Core, ["replicationcontrollers"]),
            new(Update, Core, ["replicationcontrollers/status", "replicationcontrollers/finalizers"]),
            new(["list", "watch", "patch", "create", "delete"], Core, ["pods"]),
            Events,
        ]),
        // Quota counts anything, so it lists and watches everything.
        ("resourcequota-controller", [new(ListWatch, Any, Any), new(Update, Core, ["resourcequotas/status"]), Events]),
        ("route-controller", [new(ListWatch, Core, ["nodes"]), new(["patch"], Core, ["nodes/status"]), Events]),
        ("service-account-controller", [new(["create"], Core, ["serviceaccounts"]), Events]),
        // Also Berth's service load balancer, which writes the ingress addresses of LoadBalancer Services as a cloud's does.
        ("service-controller",
        [
            new(Read, Core, ["services"]),
            new(["patch", "update"], Core, ["services/status"]),
            new(ListWatch, Core, ["nodes"]),
            Events,
        ]),
        ("statefulset-controller",
        [
            new(ListWatch, Core, ["pods"]),
            new(Read, ["apps"], ["statefulsets"]),
            new(Update, ["apps"], ["statefulsets/status", "statefulsets/finalizers"]),
            new(["get", "create", "delete", "update", "patch"], Core, ["pods"]),
            new(["get", "create", "delete", "update", "patch", "list", "watch"], ["apps"], ["controllerrevisions"]),
            new(["get", "create", "list", "watch", "update", "delete"], Core, ["persistentvolumeclaims"]),
            new(Update, Core, ["pods/finalizers"]),
            Events,
        ]),
        ("ttl-controller", [new(["update", "patch", "list", "watch"], Core, ["nodes"]), Events]),
        ("certificate-controller",
        [
            new(["get", "list", "watch", "delete"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
            new(Update, ["certificates.k8s.io"], ["certificatesigningrequests/status", "certificatesigningrequests/approval"]),
            new(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]),
            new(["sign"], ["certificates.k8s.io"], ["signers"],
                ["kubernetes.io/legacy-unknown", "kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving"]),
            new(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
            Events,
        ]),
        // Berth's protection controllers patch the finalizer in where kube's update the object.
        ("pvc-protection-controller",
        [
            new(["get", "list", "watch", "update", "patch"], Core, ["persistentvolumeclaims"]),
            new(Read, Core, ["pods"]),
            Events,
        ]),
        ("pv-protection-controller", [new(["get", "list", "watch", "update", "patch"], Core, ["persistentvolumes"]), Events]),
        ("ttl-after-finished-controller", [new(["get", "list", "watch", "delete"], Batch, ["jobs"]), Events]),
        ("root-ca-cert-publisher", [new(["create", "update"], Core, ["configmaps"]), Events]),
        ("validatingadmissionpolicy-status-controller",
        [
            new(Read, ["admissionregistration.k8s.io"], ["validatingadmissionpolicies"]),
            new(["get", "patch", "update"], ["admissionregistration.k8s.io"], ["validatingadmissionpolicies/status"]),
            Events,
        ]),
        ("legacy-service-account-token-cleaner",
        [
            new(["get"], Core, ["configmaps"], ["kube-apiserver-legacy-service-account-token-tracking"]),
            new(["patch", "delete"], Core, ["secrets"]),
        ]),
    ];

    /// <summary>The user a controller acts as: its ServiceAccount in kube-system.</summary>
    public static UserInfo User(string serviceAccount) => UserInfo.Authenticated(
        ServiceAccountClaims.UserName(Namespace, serviceAccount), "",
        [ServiceAccountTokenAuthenticator.AllServiceAccounts, $"{ServiceAccountTokenAuthenticator.AllServiceAccounts}:{Namespace}"]);

    internal static IEnumerable<JsonObject> ClusterRoles() =>
        Controllers.Select(c => BootstrapPolicy.Role(RolePrefix + c.ServiceAccount, c.Rules));

    internal static IEnumerable<JsonObject> ClusterRoleBindings() => Controllers.Select(c =>
        BootstrapPolicy.Binding(RolePrefix + c.ServiceAccount, RolePrefix + c.ServiceAccount, new RbacSubject(RbacSubject.ServiceAccount, c.ServiceAccount, Namespace)));

    /// <summary>
    /// Creates the controllers' ServiceAccounts that are missing, as kube-controller-manager does when it starts with
    /// service account credentials: <c>kubectl get serviceaccounts -n kube-system</c> lists who acts.
    /// </summary>
    public static async Task EnsureServiceAccountsAsync(ResourceStore store, CancellationToken cancellationToken)
    {
        var serviceAccounts = store.Lookup.Resource("", "v1", "serviceaccounts");
        foreach (var (name, _) in Controllers)
        {
            try
            {
                var account = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace } };
                await store.CreateAsync(serviceAccounts, Namespace, account, WriteOptions.Server, cancellationToken);
            }
            catch (ApiException exists) when (exists.Code == 409)
            {
            }
        }
    }

    private static PolicyRule Events => new(["create", "update", "patch"], ["", "events.k8s.io"], ["events"]);
}

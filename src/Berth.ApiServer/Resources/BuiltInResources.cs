using Berth.ApiServer.AdmissionControl.Policies;
using Berth.ApiServer.Conversion;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Strategies;
using Berth.ApiServer.Strategies.AdmissionRegistration;
using Berth.ApiServer.Strategies.Apps;
using Berth.ApiServer.Strategies.Autoscaling;
using Berth.ApiServer.Strategies.Batch;
using Berth.ApiServer.Strategies.Certificates;
using Berth.ApiServer.Strategies.Core;
using Berth.ApiServer.Strategies.Discovery;
using Berth.ApiServer.Strategies.Events;
using Berth.ApiServer.Strategies.Networking;
using Berth.ApiServer.Strategies.Policy;
using Berth.ApiServer.Strategies.Node;
using Berth.ApiServer.Strategies.Rbac;
using Berth.ApiServer.Strategies.Scheduling;
using Berth.ApiServer.Strategies.Storage;
using k8s.Models;

namespace Berth.ApiServer.Resources;

/// <summary>
/// The resources Berth serves, as Kubernetes 1.32 names them (kubectl api-resources): one row per
/// resource, naming the strategy that holds its kind's rules (../Strategies).
/// </summary>
public static class BuiltInResources
{
    private static readonly string[] All = ["all"];

    /// <summary>The verbs discovery lists for pods/proxy and services/proxy, as kube's.</summary>
    private static readonly string[] ProxyVerbs = ["create", "delete", "get", "patch", "update"];

    public static IReadOnlyList<ResourceDefinition> Create() => Create(new DefaultTolerationSeconds());

    /// <param name="tolerationSeconds">The DefaultTolerationSeconds admission's values.</param>
    /// <param name="serviceAllocations">The cluster IP and node port allocators Services take from (none: Services get no addresses).</param>
    public static IReadOnlyList<ResourceDefinition> Create(DefaultTolerationSeconds tolerationSeconds, IWriteHooks? serviceAllocations = null) =>
    [
        Core("namespaces", "Namespace", typeof(V1Namespace), new NamespaceStrategy(), namespaced: false, shortNames: ["ns"], status: true) with
        {
            Verbs = [.. ResourceDefinition.AllVerbs.Where(v => v != "deletecollection")],
            Subresources = [new Subresource("finalize", "Namespace", ["update"])],
            FieldLabels = Fields(("status.phase", "status.phase")),
        },
        Core("pods", "Pod", typeof(V1Pod), new PodStrategy(tolerationSeconds), shortNames: ["po"], categories: All, status: true) with
        {
            Subresources =
            [
                new Subresource("binding", "Binding", ["create"]),
                new Subresource("ephemeralcontainers", "Pod", ["get", "patch", "update"]),
                new Subresource("eviction", "Eviction", ["create"], "policy", "v1"),
                new Subresource("log", "Pod", ["get"]),
                new Subresource("attach", "PodAttachOptions", ["create", "get"]),
                new Subresource("exec", "PodExecOptions", ["create", "get"]),
                new Subresource("portforward", "PodPortForwardOptions", ["create", "get"]),
                new Subresource("proxy", "PodProxyOptions", ProxyVerbs),
            ],
            FieldLabels = Fields(
                ("spec.nodeName", "spec.nodeName"),
                ("spec.restartPolicy", "spec.restartPolicy"),
                ("spec.schedulerName", "spec.schedulerName"),
                ("spec.serviceAccountName", "spec.serviceAccountName"),
                ("spec.hostNetwork", "spec.hostNetwork"),
                ("status.phase", "status.phase"),
                ("status.podIP", "status.podIP"),
                ("status.nominatedNodeName", "status.nominatedNodeName")),
        },
        Core("services", "Service", typeof(V1Service), new ServiceStrategy(), shortNames: ["svc"], categories: All, status: true) with
        {
            Hooks = serviceAllocations,
            Subresources = [new Subresource("proxy", "ServiceProxyOptions", ProxyVerbs)],
        },
        Core("endpoints", "Endpoints", typeof(V1Endpoints), new EndpointsStrategy(), shortNames: ["ep"]),
        Core("configmaps", "ConfigMap", typeof(V1ConfigMap), new ConfigMapStrategy(), shortNames: ["cm"]),
        Core("secrets", "Secret", typeof(V1Secret), new SecretStrategy()) with { FieldLabels = Fields(("type", "type")) },
        Core("serviceaccounts", "ServiceAccount", typeof(V1ServiceAccount), ResourceStrategy.Generic, shortNames: ["sa"]) with
        {
            Subresources = [new Subresource("token", "TokenRequest", ["create"], "authentication.k8s.io", "v1")],
        },
        Core("events", "Event", typeof(Corev1Event), new EventStrategy(), shortNames: ["ev"]) with
        {
            FieldLabels = Fields(
                ("involvedObject.kind", "involvedObject.kind"),
                ("involvedObject.namespace", "involvedObject.namespace"),
                ("involvedObject.name", "involvedObject.name"),
                ("involvedObject.uid", "involvedObject.uid"),
                ("involvedObject.apiVersion", "involvedObject.apiVersion"),
                ("involvedObject.resourceVersion", "involvedObject.resourceVersion"),
                ("involvedObject.fieldPath", "involvedObject.fieldPath"),
                ("reason", "reason"),
                ("reportingComponent", "reportingComponent"),
                ("source", "source.component"),
                ("type", "type")),
        },
        Core("nodes", "Node", typeof(V1Node), new NodeStrategy(), namespaced: false, shortNames: ["no"], status: true) with
        {
            FieldLabels = Fields(("spec.unschedulable", "spec.unschedulable")),
        },
        Core("persistentvolumes", "PersistentVolume", typeof(V1PersistentVolume), new PersistentVolumeStrategy(), namespaced: false, shortNames: ["pv"], status: true),
        Core("persistentvolumeclaims", "PersistentVolumeClaim", typeof(V1PersistentVolumeClaim), new PersistentVolumeClaimStrategy(), shortNames: ["pvc"], status: true),
        Core("limitranges", "LimitRange", typeof(V1LimitRange), new LimitRangeStrategy(), shortNames: ["limits"]),
        Core("resourcequotas", "ResourceQuota", typeof(V1ResourceQuota), ResourceStrategy.Generic, shortNames: ["quota"], status: true),

        Apps("deployments", "Deployment", typeof(V1Deployment), new AppsWorkloadStrategy("Deployment"), ["deploy"], scale: true),
        Apps("replicasets", "ReplicaSet", typeof(V1ReplicaSet), new AppsWorkloadStrategy("ReplicaSet"), ["rs"], scale: true) with
        {
            FieldLabels = Fields(("status.replicas", "status.replicas")),
        },
        Apps("daemonsets", "DaemonSet", typeof(V1DaemonSet), new AppsWorkloadStrategy("DaemonSet"), ["ds"], scale: false),
        Apps("statefulsets", "StatefulSet", typeof(V1StatefulSet), new StatefulSetStrategy(), ["sts"], scale: true),
        new ResourceDefinition
        {
            Group = "apps", Version = "v1", Name = "controllerrevisions", Kind = "ControllerRevision",
            Namespaced = true, ModelType = typeof(V1ControllerRevision),
        },

        new ResourceDefinition
        {
            Group = "batch", Version = "v1", Name = "jobs", Kind = "Job", Namespaced = true, ModelType = typeof(V1Job), Strategy = new JobStrategy(),
            Categories = All, HasStatus = true, TracksGeneration = true,
            FieldLabels = Fields(("status.successful", "status.succeeded")),
        },
        new ResourceDefinition
        {
            Group = "batch", Version = "v1", Name = "cronjobs", Kind = "CronJob", Namespaced = true, ModelType = typeof(V1CronJob), Strategy = new CronJobStrategy(),
            ShortNames = ["cj"], Categories = All, HasStatus = true, TracksGeneration = true,
        },
        new ResourceDefinition
        {
            Group = "coordination.k8s.io", Version = "v1", Name = "leases", Kind = "Lease", Namespaced = true, ModelType = typeof(V1Lease),
        },
        new ResourceDefinition
        {
            Group = "certificates.k8s.io", Version = "v1", Name = "certificatesigningrequests", Kind = "CertificateSigningRequest", Namespaced = false,
            ModelType = typeof(V1CertificateSigningRequest), ShortNames = ["csr"], HasStatus = true, Strategy = new CertificateSigningRequestStrategy(),
            Subresources = [new Subresource("approval", "CertificateSigningRequest", ["get", "patch", "update"])],
        },
        new ResourceDefinition { Group = "node.k8s.io", Version = "v1", Name = "runtimeclasses", Kind = "RuntimeClass", Namespaced = false, ModelType = typeof(V1RuntimeClass), Strategy = new RuntimeClassStrategy() },
        new ResourceDefinition { Group = "scheduling.k8s.io", Version = "v1", Name = "priorityclasses", Kind = "PriorityClass", Namespaced = false, ModelType = typeof(V1PriorityClass), ShortNames = ["pc"], Strategy = new PriorityClassStrategy() },
        new ResourceDefinition { Group = "storage.k8s.io", Version = "v1", Name = "storageclasses", Kind = "StorageClass", Namespaced = false, ModelType = typeof(V1StorageClass), ShortNames = ["sc"], Strategy = new StorageClassStrategy() },
        new ResourceDefinition { Group = "policy", Version = "v1", Name = "poddisruptionbudgets", Kind = "PodDisruptionBudget", Namespaced = true, ModelType = typeof(V1PodDisruptionBudget), ShortNames = ["pdb"], HasStatus = true, TracksGeneration = true, Strategy = new PodDisruptionBudgetStrategy() },
        new ResourceDefinition
        {
            Group = "discovery.k8s.io", Version = "v1", Name = "endpointslices", Kind = "EndpointSlice", Namespaced = true,
            ModelType = typeof(V1EndpointSlice), Strategy = new EndpointSliceStrategy(),
        },
        new ResourceDefinition
        {
            Group = "autoscaling", Version = "v2", Name = "horizontalpodautoscalers", Kind = "HorizontalPodAutoscaler",
            Namespaced = true, ModelType = typeof(V2HorizontalPodAutoscaler), ShortNames = ["hpa"], Categories = All,
            HasStatus = true, TracksGeneration = true, Strategy = new HorizontalPodAutoscalerStrategy(),
        },
        new ResourceDefinition
        {
            Group = "networking.k8s.io", Version = "v1", Name = "networkpolicies", Kind = "NetworkPolicy", Namespaced = true,
            ModelType = typeof(V1NetworkPolicy), ShortNames = ["netpol"], TracksGeneration = true,
        },
        new ResourceDefinition
        {
            Group = "networking.k8s.io", Version = "v1", Name = "ingresses", Kind = "Ingress", Namespaced = true,
            ModelType = typeof(V1Ingress), ShortNames = ["ing"], HasStatus = true, TracksGeneration = true, Strategy = new IngressStrategy(),
        },
        new ResourceDefinition
        {
            Group = "events.k8s.io", Version = "v1", Name = "events", Kind = "Event", Namespaced = true,
            ModelType = typeof(Eventsv1Event), ShortNames = ["ev"], Conversion = new EventsV1Conversion(), Strategy = new EventStrategy(),
            // Selectors match the stored core/v1 form.
            FieldLabels = Fields(
                ("regarding.kind", "involvedObject.kind"),
                ("regarding.namespace", "involvedObject.namespace"),
                ("regarding.name", "involvedObject.name"),
                ("regarding.uid", "involvedObject.uid"),
                ("reason", "reason"),
                ("type", "type")),
        },
        new ResourceDefinition
        {
            Group = "authentication.k8s.io", Version = "v1", Name = "selfsubjectreviews", Kind = "SelfSubjectReview", Namespaced = false,
            ModelType = typeof(V1SelfSubjectReview), Verbs = ["create"], Stored = false,
        },
        Review("selfsubjectaccessreviews", "SelfSubjectAccessReview", typeof(V1SelfSubjectAccessReview), namespaced: false),
        Review("selfsubjectrulesreviews", "SelfSubjectRulesReview", typeof(V1SelfSubjectRulesReview), namespaced: false),
        Review("subjectaccessreviews", "SubjectAccessReview", typeof(V1SubjectAccessReview), namespaced: false),
        Review("localsubjectaccessreviews", "LocalSubjectAccessReview", typeof(V1LocalSubjectAccessReview), namespaced: true),
        new ResourceDefinition
        {
            Group = "admissionregistration.k8s.io", Version = "v1", Name = "validatingadmissionpolicies", Kind = "ValidatingAdmissionPolicy",
            Namespaced = false, ModelType = typeof(V1ValidatingAdmissionPolicy), Categories = ["api-extensions"], HasStatus = true, TracksGeneration = true,
            Strategy = new ValidatingAdmissionPolicyStrategy(CelCompiler.Shared),
        },
        new ResourceDefinition
        {
            Group = "admissionregistration.k8s.io", Version = "v1", Name = "validatingadmissionpolicybindings", Kind = "ValidatingAdmissionPolicyBinding",
            Namespaced = false, ModelType = typeof(V1ValidatingAdmissionPolicyBinding), Categories = ["api-extensions"],
            Strategy = new ValidatingAdmissionPolicyBindingStrategy(),
        },
        Rbac("roles", "Role", typeof(V1Role), new RoleStrategy(namespaced: true)),
        Rbac("rolebindings", "RoleBinding", typeof(V1RoleBinding), new RoleBindingStrategy(namespaced: true)),
        Rbac("clusterroles", "ClusterRole", typeof(V1ClusterRole), new RoleStrategy(namespaced: false)),
        Rbac("clusterrolebindings", "ClusterRoleBinding", typeof(V1ClusterRoleBinding), new RoleBindingStrategy(namespaced: false)),
    ];

    private static ResourceDefinition Core(
        string name, string kind, Type model, ResourceStrategy strategy, bool namespaced = true, string[]? shortNames = null, string[]? categories = null, bool status = false) => new()
        {
            Group = "",
            Version = "v1",
            Name = name,
            Kind = kind,
            Namespaced = namespaced,
            ModelType = model,
            ShortNames = shortNames ?? [],
            Categories = categories ?? [],
            HasStatus = status,
            Strategy = strategy,
        };

    private static ResourceDefinition Apps(string name, string kind, Type model, ResourceStrategy strategy, string[] shortNames, bool scale) => new()
    {
        Group = "apps",
        Version = "v1",
        Name = name,
        Kind = kind,
        Namespaced = true,
        ModelType = model,
        ShortNames = shortNames,
        Categories = All,
        HasStatus = true,
        HasScale = scale,
        TracksGeneration = true,
        Strategy = strategy,
    };

    private static ResourceDefinition Rbac(string name, string kind, Type model, ResourceStrategy strategy) => new()
    {
        Group = "rbac.authorization.k8s.io",
        Version = "v1",
        Name = name,
        Kind = kind,
        Namespaced = kind is "Role" or "RoleBinding",
        ModelType = model,
        Strategy = strategy,
    };

    /// <summary>An authorization.k8s.io review: create-only, answered and never stored.</summary>
    private static ResourceDefinition Review(string name, string kind, Type model, bool namespaced) => new()
    {
        Group = "authorization.k8s.io",
        Version = "v1",
        Name = name,
        Kind = kind,
        Namespaced = namespaced,
        ModelType = model,
        Verbs = ["create"],
        Stored = false,
    };

    private static Dictionary<string, string> Fields(params (string Label, string Path)[] fields) =>
        fields.ToDictionary(f => f.Label, f => f.Path);
}

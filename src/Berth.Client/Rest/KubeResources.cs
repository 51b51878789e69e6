using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Rest;

/// <summary>The resources Berth's components reach, as the API serves them.</summary>
public static class KubeResources
{
    private static ModelJsonContext Json => ModelJsonContext.Default;

    public static ApiResource<V1Namespace, V1NamespaceList> Namespaces { get; } = new("", "v1", "namespaces", "Namespace", false, Json.V1Namespace, Json.V1NamespaceList);

    public static ApiResource<V1Pod, V1PodList> Pods { get; } = new("", "v1", "pods", "Pod", true, Json.V1Pod, Json.V1PodList);

    public static ApiResource<V1Node, V1NodeList> Nodes { get; } = new("", "v1", "nodes", "Node", false, Json.V1Node, Json.V1NodeList);

    public static ApiResource<V1Service, V1ServiceList> Services { get; } = new("", "v1", "services", "Service", true, Json.V1Service, Json.V1ServiceList);

    public static ApiResource<V1Endpoints, V1EndpointsList> Endpoints { get; } = new("", "v1", "endpoints", "Endpoints", true, Json.V1Endpoints, Json.V1EndpointsList);

    public static ApiResource<V1EndpointSlice, V1EndpointSliceList> EndpointSlices { get; } = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, Json.V1EndpointSlice, Json.V1EndpointSliceList);

    public static ApiResource<V1NetworkPolicy, V1NetworkPolicyList> NetworkPolicies { get; } = new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, Json.V1NetworkPolicy, Json.V1NetworkPolicyList);

    public static ApiResource<V1ServiceAccount, V1ServiceAccountList> ServiceAccounts { get; } = new("", "v1", "serviceaccounts", "ServiceAccount", true, Json.V1ServiceAccount, Json.V1ServiceAccountList);

    public static ApiResource<V1ConfigMap, V1ConfigMapList> ConfigMaps { get; } = new("", "v1", "configmaps", "ConfigMap", true, Json.V1ConfigMap, Json.V1ConfigMapList);

    public static ApiResource<V1Secret, V1SecretList> Secrets { get; } = new("", "v1", "secrets", "Secret", true, Json.V1Secret, Json.V1SecretList);

    public static ApiResource<Corev1Event, Corev1EventList> Events { get; } = new("", "v1", "events", "Event", true, Json.Corev1Event, Json.Corev1EventList);

    public static ApiResource<V1PersistentVolume, V1PersistentVolumeList> PersistentVolumes { get; } = new("", "v1", "persistentvolumes", "PersistentVolume", false, Json.V1PersistentVolume, Json.V1PersistentVolumeList);

    public static ApiResource<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> PersistentVolumeClaims { get; } = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, Json.V1PersistentVolumeClaim, Json.V1PersistentVolumeClaimList);

    public static ApiResource<V1ResourceQuota, V1ResourceQuotaList> ResourceQuotas { get; } = new("", "v1", "resourcequotas", "ResourceQuota", true, Json.V1ResourceQuota, Json.V1ResourceQuotaList);

    public static ApiResource<V1ReplicaSet, V1ReplicaSetList> ReplicaSets { get; } = new("apps", "v1", "replicasets", "ReplicaSet", true, Json.V1ReplicaSet, Json.V1ReplicaSetList);

    public static ApiResource<V1Deployment, V1DeploymentList> Deployments { get; } = new("apps", "v1", "deployments", "Deployment", true, Json.V1Deployment, Json.V1DeploymentList);

    public static ApiResource<V1DaemonSet, V1DaemonSetList> DaemonSets { get; } = new("apps", "v1", "daemonsets", "DaemonSet", true, Json.V1DaemonSet, Json.V1DaemonSetList);

    public static ApiResource<V1StatefulSet, V1StatefulSetList> StatefulSets { get; } = new("apps", "v1", "statefulsets", "StatefulSet", true, Json.V1StatefulSet, Json.V1StatefulSetList);

    public static ApiResource<V1ControllerRevision, V1ControllerRevisionList> ControllerRevisions { get; } = new("apps", "v1", "controllerrevisions", "ControllerRevision", true, Json.V1ControllerRevision, Json.V1ControllerRevisionList);

    public static ApiResource<V1Job, V1JobList> Jobs { get; } = new("batch", "v1", "jobs", "Job", true, Json.V1Job, Json.V1JobList);

    public static ApiResource<V1CronJob, V1CronJobList> CronJobs { get; } = new("batch", "v1", "cronjobs", "CronJob", true, Json.V1CronJob, Json.V1CronJobList);

    public static ApiResource<V1ClusterRole, V1ClusterRoleList> ClusterRoles { get; } = new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, Json.V1ClusterRole, Json.V1ClusterRoleList);

    public static ApiResource<V1Lease, V1LeaseList> Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", true, Json.V1Lease, Json.V1LeaseList);

    public static ApiResource<V1PodDisruptionBudget, V1PodDisruptionBudgetList> PodDisruptionBudgets { get; } = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, Json.V1PodDisruptionBudget, Json.V1PodDisruptionBudgetList);

    public static ApiResource<V1CertificateSigningRequest, V1CertificateSigningRequestList> CertificateSigningRequests { get; } =
        new("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false, Json.V1CertificateSigningRequest, Json.V1CertificateSigningRequestList);

    public static ApiResource<V1PriorityClass, V1PriorityClassList> PriorityClasses { get; } = new("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, Json.V1PriorityClass, Json.V1PriorityClassList);

    public static ApiResource<V1RuntimeClass, V1RuntimeClassList> RuntimeClasses { get; } = new("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", false, Json.V1RuntimeClass, Json.V1RuntimeClassList);

    public static ApiResource<V1StorageClass, V1StorageClassList> StorageClasses { get; } = new("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, Json.V1StorageClass, Json.V1StorageClassList);

    /// <summary>Any resource read for its metadata only (garbage collector, namespace controller).</summary>
    public static ApiResource<ObjectMetadataOnly, ObjectMetadataOnlyList> MetadataOf(string group, string version, string plural, string kind, bool namespaced) =>
        new(group, version, plural, kind, namespaced, Json.ObjectMetadataOnly, Json.ObjectMetadataOnlyList);
}

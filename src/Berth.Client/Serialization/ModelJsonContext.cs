using System.Text.Json.Serialization;
using k8s.Models;

namespace Berth.Client.Serialization;

/// <summary>
/// Source-generated JSON for the k8s.Models types Berth's components read and write (Native AOT
/// has no reflection-based serializer). Nulls are left out, as Kubernetes' own clients write them.
/// Add a kind here and in <see cref="Rest.KubeResources"/> to reach it through the client.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubernetesTimeConverter)])]
[JsonSerializable(typeof(string))]
// Members typed object (managedFields[].fieldsV1, ControllerRevision.data) hold the JsonElement they were read as.
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(ApiStatus))]
[JsonSerializable(typeof(ObjectMetadataOnly))]
[JsonSerializable(typeof(ObjectMetadataOnlyList))]
[JsonSerializable(typeof(V1DeleteOptions))]
[JsonSerializable(typeof(V1APIGroupList))]
[JsonSerializable(typeof(V1APIResourceList))]
[JsonSerializable(typeof(V1Binding))]
[JsonSerializable(typeof(V1Scale))]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(V1NamespaceList))]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1PodList))]
[JsonSerializable(typeof(V1Node))]
[JsonSerializable(typeof(V1NodeList))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1ServiceList))]
[JsonSerializable(typeof(V1Endpoints))]
[JsonSerializable(typeof(V1EndpointsList))]
[JsonSerializable(typeof(V1EndpointSlice))]
[JsonSerializable(typeof(V1EndpointSliceList))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(V1ServiceAccountList))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1ConfigMapList))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1SecretList))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(Corev1EventList))]
[JsonSerializable(typeof(V1PersistentVolume))]
[JsonSerializable(typeof(V1PersistentVolumeList))]
[JsonSerializable(typeof(V1PersistentVolumeClaim))]
[JsonSerializable(typeof(V1PersistentVolumeClaimList))]
[JsonSerializable(typeof(V1ReplicaSet))]
[JsonSerializable(typeof(V1ReplicaSetList))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1DeploymentList))]
[JsonSerializable(typeof(V1DaemonSet))]
[JsonSerializable(typeof(V1DaemonSetList))]
[JsonSerializable(typeof(V1StatefulSet))]
[JsonSerializable(typeof(V1StatefulSetList))]
[JsonSerializable(typeof(V1ControllerRevision))]
[JsonSerializable(typeof(V1ControllerRevisionList))]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1JobList))]
[JsonSerializable(typeof(V1CronJob))]
[JsonSerializable(typeof(V1CronJobList))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(V1LeaseList))]
[JsonSerializable(typeof(V1PodDisruptionBudget))]
[JsonSerializable(typeof(V1PodDisruptionBudgetList))]
[JsonSerializable(typeof(V1PodDisruptionBudgetStatus))]
[JsonSerializable(typeof(V1Condition))]
[JsonSerializable(typeof(V1Eviction))]
[JsonSerializable(typeof(V1PriorityClass))]
[JsonSerializable(typeof(V1PriorityClassList))]
[JsonSerializable(typeof(V1StorageClass))]
[JsonSerializable(typeof(V1StorageClassList))]
public sealed partial class ModelJsonContext : JsonSerializerContext;

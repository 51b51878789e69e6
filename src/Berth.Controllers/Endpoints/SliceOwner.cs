using k8s.Models;

namespace Berth.Controllers.Endpoints;

/// <summary>
/// Who EndpointSlices are made for and by: the Service they name, the object that owns them (the
/// Service, or the mirrored Endpoints), their labels and the controller that manages them.
/// </summary>
public sealed record SliceOwner(string ServiceName, string Namespace, IDictionary<string, string> Labels, V1OwnerReference OwnerRef, string ManagedBy);

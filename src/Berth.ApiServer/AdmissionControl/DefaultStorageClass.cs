using System.Text.Json.Nodes;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// kube's DefaultStorageClass admission plugin: a new PersistentVolumeClaim that does not name a
/// storageClassName (an empty one is a choice: no class) gets the default StorageClass, the one
/// annotated storageclass.kubernetes.io/is-default-class=true (the newest when several are).
/// </summary>
public sealed class DefaultStorageClass : IMutatingAdmissionPlugin
{
    public const string IsDefaultAnnotation = "storageclass.kubernetes.io/is-default-class";
    private const string BetaIsDefaultAnnotation = "storageclass.beta.kubernetes.io/is-default-class";

    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Resource.Group != "" || request.Resource.Name != "persistentvolumeclaims"
            || request.Target != UpdateTarget.Main)
        {
            return ValueTask.CompletedTask;
        }
        var spec = request.Object.Child("spec");
        if (spec["storageClassName"] is not null)
        {
            return ValueTask.CompletedTask;
        }
        var classes = request.Objects.List(request.Objects.Resource("storage.k8s.io", "v1", "storageclasses"));
        if (Choose(classes) is { } name)
        {
            spec["storageClassName"] = name;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The default class's name: of those marked default, the newest (by creation, then name); null when none is.</summary>
    public static string? Choose(IEnumerable<JsonObject> classes) =>
        classes.Where(IsDefault)
            .OrderByDescending(c => c.Str("metadata", "creationTimestamp") is { } created ? DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture) : DateTimeOffset.MinValue)
            .ThenBy(c => c.Str("metadata", "name"), StringComparer.Ordinal)
            .Select(c => c.Str("metadata", "name"))
            .FirstOrDefault();

    private static bool IsDefault(JsonObject storageClass)
    {
        var annotations = storageClass["metadata"]?["annotations"];
        return annotations.Str(IsDefaultAnnotation) == "true" || annotations.Str(BetaIsDefaultAnnotation) == "true";
    }
}

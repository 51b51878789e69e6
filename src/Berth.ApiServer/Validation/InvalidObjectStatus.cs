using System.Text.Json.Nodes;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Validation;

/// <summary>Builds the 422 Invalid Status Kubernetes returns for field errors (apimachinery errors.NewInvalid).</summary>
public static class InvalidObjectStatus
{
    /// <summary>
    /// The message: <c>Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0</c>;
    /// several errors are joined in brackets as Go's aggregate error prints them.
    /// </summary>
    public static string Message(GroupVersionKind gvk, string name, IReadOnlyList<FieldError> errors)
    {
        var list = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";
        return $"{QualifiedKind(gvk)} \"{name}\" is invalid: {list}";
    }

    /// <summary>The Status object, with one cause per error.</summary>
    public static JsonObject Create(GroupVersionKind gvk, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var e in errors)
        {
            causes.Add((JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Body, ["field"] = e.Field });
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message(gvk, name, errors),
            ["reason"] = "Invalid",
            ["details"] = new JsonObject
            {
                ["name"] = name,
                ["group"] = gvk.Group,
                ["kind"] = gvk.Kind,
                ["causes"] = causes,
            },
            ["code"] = 422,
        };
    }

    /// <summary>The 422 to throw for <paramref name="errors"/>.</summary>
    public static ApiException Exception(GroupVersionKind gvk, string name, IReadOnlyList<FieldError> errors)
    {
        var status = Create(gvk, name, errors);
        return new ApiException(422, "Invalid", status["message"]!.GetValue<string>(), status["details"]!.DeepClone().AsObject());
    }

    private static string QualifiedKind(GroupVersionKind gvk) => gvk.Group.Length == 0 ? gvk.Kind : $"{gvk.Kind}.{gvk.Group}";
}

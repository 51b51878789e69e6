using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Discovery;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.OpenApi;

/// <summary>
/// <c>/openapi/v3</c> (an index of group/version documents) and <c>/openapi/v2</c>: paths with the
/// operations and parameters kubectl checks (a patch with x-kubernetes-group-version-kind and a
/// fieldValidation parameter means "validate on the server") and schemas for kubectl explain.
/// Documents are built on first request and kept.
/// </summary>
public sealed class OpenApiDocuments(ResourceRegistry registry)
{
    private readonly ConcurrentDictionary<string, (JsonObject Document, string Hash)> _v3 = new();
    private readonly Lazy<ModelDocumentation> _documentation = new(() =>
        ModelDocumentation.Load(SchemaGenerator.Reachable(registry.Resources.Select(r => r.ModelType))));
    private JsonObject? _v2;
    private byte[]? _v2Protobuf;

    public JsonObject V3Index()
    {
        var paths = new JsonObject();
        foreach (var (group, version) in registry.GroupVersions)
        {
            var key = PathKey(group, version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={V3(group, version).Hash}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for "api/v1" or "apis/apps/v1", or null for a group/version not served.</summary>
    public JsonObject? V3GroupVersion(string key)
    {
        var match = registry.GroupVersions.Where(gv => PathKey(gv.Group, gv.Version) == key).Select(gv => ((string, string)?)gv).FirstOrDefault();
        return match is var (group, version) ? V3(group, version).Document : null;
    }

    public JsonObject V2()
    {
        if (_v2 is not null)
        {
            return _v2;
        }
        var generator = new SchemaGenerator("#/definitions/", registry.Resources);
        var definitions = generator.Generate(registry.Resources.Select(r => r.ModelType), _documentation.Value);
        var paths = new JsonObject();
        foreach (var resource in registry.Resources)
        {
            AddPaths(paths, resource, generator, "#/definitions/", openApi3: false);
        }
        _v2 = new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = Info(),
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
        return _v2;
    }

    /// <summary>The v2 document in protobuf (<see cref="OpenApiV2Protobuf"/>), built once.</summary>
    public byte[] V2Protobuf() => _v2Protobuf ??= OpenApiV2Protobuf.Encode(V2());

    private (JsonObject Document, string Hash) V3(string group, string version) => _v3.GetOrAdd(PathKey(group, version), _ =>
    {
        var resources = registry.InGroupVersion(group, version).ToList();
        var generator = new SchemaGenerator("#/components/schemas/", registry.Resources);
        var schemas = generator.Generate(resources.Select(r => r.ModelType), _documentation.Value);
        var paths = new JsonObject();
        foreach (var resource in resources)
        {
            AddPaths(paths, resource, generator, "#/components/schemas/", openApi3: true);
        }
        var document = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = Info(),
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())))[..32];
        return (document, hash);
    });

    private static void AddPaths(JsonObject paths, ResourceDefinition resource, SchemaGenerator generator, string refPrefix, bool openApi3)
    {
        var root = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.Group}/{resource.Version}";
        var collection = resource.Namespaced ? $"{root}/namespaces/{{namespace}}/{resource.Name}" : $"{root}/{resource.Name}";
        var schemaRef = refPrefix + generator.NameOf(resource.ModelType);
        if (!resource.Stored)
        {
            paths[collection] = new JsonObject { ["post"] = Operation("create", resource, schemaRef, openApi3, WriteParameters) };
            return;
        }
        paths[collection] = new JsonObject
        {
            ["get"] = Operation("list", resource, schemaRef, openApi3, []),
            ["post"] = Operation("create", resource, schemaRef, openApi3, WriteParameters),
        };
        paths[$"{collection}/{{name}}"] = new JsonObject
        {
            ["get"] = Operation("read", resource, schemaRef, openApi3, []),
            ["put"] = Operation("replace", resource, schemaRef, openApi3, WriteParameters),
            ["patch"] = Operation("patch", resource, schemaRef, openApi3, WriteParameters),
            ["delete"] = Operation("delete", resource, schemaRef, openApi3, ["dryRun"]),
        };
    }

    private static readonly string[] WriteParameters = ["dryRun", "fieldManager", "fieldValidation"];

    private static JsonObject Operation(string action, ResourceDefinition resource, string schemaRef, bool openApi3, string[] queryParameters)
    {
        var parameters = new JsonArray(queryParameters.Select(p => (JsonNode)(openApi3
            ? new JsonObject { ["name"] = p, ["in"] = "query", ["description"] = p, ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } }
            : new JsonObject { ["name"] = p, ["in"] = "query", ["description"] = p, ["type"] = "string", ["uniqueItems"] = true })).ToArray());
        var ok = openApi3
            ? new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = schemaRef } } } }
            : new JsonObject { ["description"] = "OK", ["schema"] = new JsonObject { ["$ref"] = schemaRef } };
        return new JsonObject
        {
            ["description"] = $"{action} the specified {resource.Kind}",
            ["operationId"] = $"{action}{resource.Kind}{resource.Group.Replace(".", "")}{resource.Version}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = ok },
            ["x-kubernetes-action"] = action switch { "read" => "get", "replace" => "put", "create" => "post", var a => a },
            ["x-kubernetes-group-version-kind"] = new JsonObject
            {
                ["group"] = resource.Group,
                ["kind"] = resource.Kind,
                ["version"] = resource.Version,
            },
        };
    }

    private static string PathKey(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject Info() => new() { ["title"] = "Kubernetes", ["version"] = VersionInfo.GitVersion };
}

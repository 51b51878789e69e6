using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// Reads kube-apiserver's <c>--audit-policy-file</c> (audit.k8s.io/v1 Policy, YAML or JSON) and checks
/// it as kube's validation does. Any problem is an <see cref="InvalidDataException"/> naming the field:
/// a policy is used whole or not at all. Unknown fields are refused too, so a misspelt key cannot
/// quietly widen a rule.
/// </summary>
public static class AuditPolicyParser
{
    private static readonly string[] PolicyFields = ["apiVersion", "kind", "metadata", "rules", "omitStages", "omitManagedFields"];
    private static readonly string[] RuleFields = ["level", "users", "userGroups", "verbs", "resources", "namespaces", "nonResourceURLs", "omitStages", "omitManagedFields"];
    private static readonly string[] GroupResourceFields = ["group", "resources", "resourceNames"];

    /// <summary>The policy in <paramref name="path"/>; errors start with the path.</summary>
    public static AuditPolicy Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
        try
        {
            return Parse(text);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    public static AuditPolicy Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"not valid YAML or JSON: {OneLine(e.Message)}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException("want one audit.k8s.io/v1 Policy object");
        }
        CheckFields(root, PolicyFields, "");
        var apiVersion = Scalar(root, "apiVersion", "");
        var kind = Scalar(root, "kind", "");
        if (apiVersion != AuditPolicy.ApiVersion || kind != AuditPolicy.Kind)
        {
            throw new InvalidDataException($"no kind \"{kind}\" is registered for version \"{apiVersion}\" (want {AuditPolicy.ApiVersion} {AuditPolicy.Kind})");
        }
        var rules = Sequence(root, "rules", "").Select((node, i) => Rule(node, $"rules[{i}]")).ToList();
        if (rules.Count == 0)
        {
            throw new InvalidDataException("rules: Required value: a policy needs at least one rule");
        }
        return new AuditPolicy(rules, Stages(root, ""), Bool(root, "omitManagedFields", "") ?? false);
    }

    private static AuditRule Rule(YamlNode node, string path)
    {
        if (node is not YamlMappingNode rule)
        {
            throw new InvalidDataException($"{path}: Invalid value: a rule must be an object");
        }
        CheckFields(rule, RuleFields, path);
        var levelText = Scalar(rule, "level", path) ?? throw new InvalidDataException($"{path}.level: Required value");
        if (!Enum.TryParse<AuditLevel>(levelText, out var level) || !Enum.IsDefined(level) || levelText != level.ToString())
        {
            throw new InvalidDataException($"{path}.level: Unsupported value: \"{levelText}\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
        }
        var resources = Sequence(rule, "resources", path).Select((r, i) => GroupResources(r, $"{path}.resources[{i}]")).ToList();
        var namespaces = Strings(rule, "namespaces", path);
        var urls = Strings(rule, "nonResourceURLs", path);
        if (urls.Count > 0 && (resources.Count > 0 || namespaces.Count > 0))
        {
            throw new InvalidDataException($"{path}.nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs");
        }
        for (var i = 0; i < urls.Count; i++)
        {
            var url = urls[i];
            if (url != "*" && !url.StartsWith('/'))
            {
                throw new InvalidDataException($"{path}.nonResourceURLs[{i}]: Invalid value: \"{url}\": non-resource URL rules must begin with a '/' character");
            }
            if (url.TrimEnd('*').Contains('*'))
            {
                throw new InvalidDataException($"{path}.nonResourceURLs[{i}]: Invalid value: \"{url}\": non-resource URL wildcards '*' must be the final character of the rule");
            }
        }
        return new AuditRule
        {
            Level = level,
            Users = Strings(rule, "users", path),
            UserGroups = Strings(rule, "userGroups", path),
            Verbs = Strings(rule, "verbs", path),
            Resources = resources,
            Namespaces = namespaces,
            NonResourceUrls = urls,
            OmitStages = Stages(rule, path),
            OmitManagedFields = Bool(rule, "omitManagedFields", path),
        };
    }

    private static AuditGroupResources GroupResources(YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            throw new InvalidDataException($"{path}: Invalid value: want an object with group, resources and resourceNames");
        }
        CheckFields(map, GroupResourceFields, path);
        var group = Scalar(map, "group", path) ?? "";
        var resources = Strings(map, "resources", path);
        var names = Strings(map, "resourceNames", path);
        if (names.Count > 0 && resources.Count == 0)
        {
            throw new InvalidDataException($"{path}.resourceNames: Invalid value: using resourceNames requires at least one resource");
        }
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            var parts = resource.Split('/');
            if (resource.Length == 0 || parts.Length > 2 || parts.Any(p => p.Length == 0))
            {
                throw new InvalidDataException($"{path}.resources[{i}]: Invalid value: \"{resource}\": want RESOURCE, RESOURCE/SUBRESOURCE, *, */SUBRESOURCE or RESOURCE/*");
            }
            if (names.Count > 0 && parts[0] == "*")
            {
                throw new InvalidDataException($"{path}.resources[{i}]: Invalid value: \"{resource}\": resourceNames cannot be used with a resource wildcard");
            }
        }
        return new AuditGroupResources(group, resources, names);
    }

    private static HashSet<AuditStage> Stages(YamlMappingNode map, string path)
    {
        var stages = new HashSet<AuditStage>();
        var names = Strings(map, "omitStages", path);
        for (var i = 0; i < names.Count; i++)
        {
            if (!Enum.TryParse<AuditStage>(names[i], out var stage) || names[i] != stage.ToString())
            {
                throw new InvalidDataException($"{Field(path, "omitStages")}[{i}]: Unsupported value: \"{names[i]}\": supported values: \"RequestReceived\", \"ResponseStarted\", \"ResponseComplete\", \"Panic\"");
            }
            stages.Add(stage);
        }
        return stages;
    }

    private static void CheckFields(YamlMappingNode map, string[] known, string path)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name))
            {
                throw new InvalidDataException($"{Field(path, name)}: unknown field (known: {string.Join(", ", known)})");
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var value) && !IsNull(value) ? value : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "null" or "~" };

    private static string? Scalar(YamlMappingNode map, string name, string path) => Child(map, name) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value ?? "",
        _ => throw new InvalidDataException($"{Field(path, name)}: Invalid value: want a string"),
    };

    private static bool? Bool(YamlMappingNode map, string name, string path) => Scalar(map, name, path) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw new InvalidDataException($"{Field(path, name)}: Invalid value: \"{other}\": want true or false"),
    };

    private static IReadOnlyList<YamlNode> Sequence(YamlMappingNode map, string name, string path) => Child(map, name) switch
    {
        null => [],
        YamlSequenceNode sequence => [.. sequence.Children],
        _ => throw new InvalidDataException($"{Field(path, name)}: Invalid value: want a list"),
    };

    private static List<string> Strings(YamlMappingNode map, string name, string path) =>
        [.. Sequence(map, name, path).Select((node, i) => node is YamlScalarNode scalar && !IsNull(scalar)
            ? scalar.Value ?? ""
            : throw new InvalidDataException($"{Field(path, name)}[{i}]: Invalid value: want a string"))];

    private static string Field(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

using System.Xml;

namespace Berth.ApiServer.OpenApi;

/// <summary>
/// Descriptions of the k8s.Models types and properties, read from KubernetesClient.xml (the XML docs
/// shipped in the NuGet package, copied beside the binary) when it is there. Only the members of
/// the requested types are kept.
/// </summary>
public sealed class ModelDocumentation
{
    private readonly Dictionary<string, string> _summaries;

    private ModelDocumentation(Dictionary<string, string> summaries) => _summaries = summaries;

    public static ModelDocumentation Load(IReadOnlySet<Type> types)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "KubernetesClient.xml");
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new ModelDocumentation(summaries);
        }
        var wanted = types.Select(t => t.FullName!).ToHashSet(StringComparer.Ordinal);
        using var reader = XmlReader.Create(path, new XmlReaderSettings { IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit });
        while (reader.ReadToFollowing("member"))
        {
            var name = reader.GetAttribute("name");
            if (name is null || name.Length < 3 || !wanted.Contains(OwnerType(name)))
            {
                continue;
            }
            using var member = reader.ReadSubtree();
            if (member.ReadToFollowing("summary"))
            {
                summaries[name] = Normalize(member.ReadElementContentAsString());
            }
        }
        return new ModelDocumentation(summaries);
    }

    public string? ForType(Type type) => _summaries.GetValueOrDefault($"T:{type.FullName}");

    public string? ForProperty(Type type, string property) => _summaries.GetValueOrDefault($"P:{type.FullName}.{property}");

    /// <summary>"T:k8s.Models.V1Pod" → "k8s.Models.V1Pod"; "P:k8s.Models.V1Pod.Spec" → "k8s.Models.V1Pod".</summary>
    private static string OwnerType(string member)
    {
        var body = member[2..];
        return member[0] == 'P' && body.LastIndexOf('.') is var dot and > 0 ? body[..dot] : body;
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[])['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}

using System.Collections.Frozen;

namespace Berth.ApiServer.Protobuf;

/// <summary>
/// The field tables of the Kubernetes messages, from the embedded <c>kubernetes-messages.txt</c>
/// (made by generate-messages.py from k8s.io/api's generated.proto files).
/// </summary>
public static class ProtoMessages
{
    private static readonly Lazy<FrozenDictionary<string, FrozenDictionary<int, ProtoField>>> Table = new(Load);

    public static FrozenDictionary<int, ProtoField>? Find(string message) => Table.Value.GetValueOrDefault(message);

    /// <summary>The message of a served kind: k8s.io.api.{first label of the group, or core}.{version}.{kind}.</summary>
    public static string MessageName(string group, string version, string kind) =>
        $"k8s.io.api.{(group.Length == 0 ? "core" : group.Split('.')[0])}.{version}.{kind}";

    private static FrozenDictionary<string, FrozenDictionary<int, ProtoField>> Load()
    {
        using var stream = typeof(ProtoMessages).Assembly.GetManifestResourceStream("Berth.ApiServer.Protobuf.kubernetes-messages.txt")
            ?? throw new InvalidOperationException("kubernetes-messages.txt is not embedded");
        using var reader = new StreamReader(stream);
        var messages = new Dictionary<string, FrozenDictionary<int, ProtoField>>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }
            messages[parts[0]] = parts.Skip(1).Select(ParseField).ToFrozenDictionary(f => f.Number);
        }
        return messages.ToFrozenDictionary();
    }

    private static ProtoField ParseField(string text)
    {
        var parts = text.Split(':');
        var label = parts[2] switch
        {
            "r" => ProtoLabel.Repeated,
            "m" => ProtoLabel.Map,
            "i" => ProtoLabel.Inline,
            _ => ProtoLabel.Optional,
        };
        return new ProtoField(parts[0], int.Parse(parts[1]), label, parts[3]);
    }
}

using System.Text.Json.Nodes;

namespace Berth.DockerApi.Networks;

/// <summary>A network as Docker's API shows it, with what the list's filters look at.</summary>
public sealed record NetworkView(string Name, string Id, string Driver, bool Predefined, IReadOnlyDictionary<string, string> Labels, JsonObject Document);

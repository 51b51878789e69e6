using System.Text.Json.Nodes;

namespace Berth.ApiServer.Rest;

/// <summary>A decoded request body and the paths of members it repeated (JSON only).</summary>
public sealed record DecodedBody(JsonObject Object, IReadOnlyList<string> Duplicates);

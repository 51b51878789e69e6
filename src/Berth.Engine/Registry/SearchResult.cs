namespace Berth.Engine.Registry;

/// <summary>One repository a search found, with the columns `docker search` prints.</summary>
public sealed record SearchResult(string Name, string Description, int Stars, bool Official, bool Automated);

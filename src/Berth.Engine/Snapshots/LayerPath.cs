namespace Berth.Engine.Snapshots;

/// <summary>Layer entry names in one canonical form: relative, '/'-separated, no "." parts, no trailing slash.</summary>
public static class LayerPath
{
    /// <summary>"./usr/bin/" and "/usr/bin" both become "usr/bin"; ".." anywhere is refused.</summary>
    public static string Normalize(string name)
    {
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        if (parts.Contains(".."))
        {
            throw new BerthException($"layer entry escapes the root: {name}");
        }
        return string.Join('/', parts);
    }
}

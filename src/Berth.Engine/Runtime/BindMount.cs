namespace Berth.Engine.Runtime;

/// <summary>A host path bind-mounted into the container, <c>-v SRC:DST[:ro]</c>.</summary>
public sealed record BindMount(string Source, string Destination, bool ReadOnly = false)
{
    /// <summary>Parses <c>SRC:DST[:ro|rw]</c>; SRC must be an absolute host path that exists.</summary>
    public static BindMount Parse(string value)
    {
        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new InvalidArgumentException($"invalid volume \"{value}\": expected SRC:DST[:ro]");
        }
        if (!Path.IsPathRooted(parts[0]) || !Path.IsPathRooted(parts[1]))
        {
            throw new InvalidArgumentException($"invalid volume \"{value}\": SRC and DST must be absolute paths");
        }
        if (!Path.Exists(parts[0]))
        {
            throw new InvalidArgumentException($"invalid volume \"{value}\": {parts[0]} does not exist");
        }
        var readOnly = parts.Length == 3 && parts[2] switch
        {
            "ro" => true,
            "rw" => false,
            _ => throw new InvalidArgumentException($"invalid volume \"{value}\": unknown option \"{parts[2]}\" (ro or rw)"),
        };
        return new BindMount(parts[0], parts[1], readOnly);
    }
}

namespace Berth.ApiServer.Allocation;

/// <summary>The ports NodePort Services get (kube-apiserver's --service-node-port-range, inclusive).</summary>
public sealed record PortRange(int First, int Last)
{
    public const string Default = "30000-32767";

    public int Size => Last - First + 1;

    public static PortRange Parse(string text)
    {
        var dash = text.IndexOf('-');
        if (dash < 0 || !int.TryParse(text[..dash], out var first) || !int.TryParse(text[(dash + 1)..], out var last)
            || first is < 1 or > 65535 || last is < 1 or > 65535 || first > last)
        {
            throw new FormatException($"invalid port range {text}: want FIRST-LAST within 1-65535, e.g. {Default}");
        }
        return new PortRange(first, last);
    }

    public bool Contains(int port) => port >= First && port <= Last;

    public override string ToString() => $"{First}-{Last}";
}

using System.Net;

namespace Berth.Engine.Networks.Dns;

/// <summary>A resolv.conf(5) as resolvers read it: name servers, search domains and options, in order.</summary>
public sealed record ResolvConf(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options)
{
    public static readonly ResolvConf Empty = new([], [], []);

    /// <summary>The file at <paramref name="path"/>; <see cref="Empty"/> when there is none.</summary>
    public static ResolvConf Read(string path = "/etc/resolv.conf") => File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    /// <summary>Reads the lines resolvers read; a later search or domain line replaces an earlier one, as glibc does.</summary>
    public static ResolvConf Parse(string text)
    {
        List<string> nameservers = [], searches = [], options = [];
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            switch (fields)
            {
                case ["nameserver", var address, ..]:
                    nameservers.Add(address);
                    break;
                case ["search" or "domain", .. var domains]:
                    searches = [.. domains];
                    break;
                case ["options", .. var values]:
                    options.AddRange(values);
                    break;
            }
        }
        return new ResolvConf(nameservers, searches, options);
    }

    /// <summary>The name servers that are addresses.</summary>
    public IEnumerable<IPAddress> NameserverAddresses => Nameservers.Select(n => IPAddress.TryParse(n, out var a) ? a : null).OfType<IPAddress>();

    public override string ToString()
    {
        var lines = Nameservers.Select(n => "nameserver " + n).ToList();
        if (Searches.Count > 0)
        {
            lines.Add("search " + string.Join(' ', Searches));
        }
        if (Options.Count > 0)
        {
            lines.Add("options " + string.Join(' ', Options));
        }
        return string.Concat(lines.Select(l => l + "\n"));
    }
}

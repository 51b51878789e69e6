using System.Globalization;
using System.Net;

namespace Berth.Engine.Network;

/// <summary>A published port, <c>-p [HostIp:]HostPort:ContainerPort[/Protocol]</c>; an empty HostIp means every host address.</summary>
public sealed record PortMapping(string HostIp, int HostPort, int ContainerPort, string Protocol = "tcp")
{
    /// <summary>Parses the Docker/Podman form: <c>8080:80</c>, <c>127.0.0.1:8080:80</c>, <c>53:53/udp</c>.</summary>
    /// <exception cref="BerthException">The text is not such a mapping.</exception>
    public static PortMapping Parse(string text)
    {
        var protocol = "tcp";
        var spec = text;
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..];
            spec = text[..slash];
        }
        var lastColon = spec.LastIndexOf(':');
        var firstColon = lastColon > 0 ? spec.LastIndexOf(':', lastColon - 1) : -1;
        if (lastColon <= 0)
        {
            throw new InvalidArgumentException($"invalid port mapping \"{text}\": expected [IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]");
        }
        var hostIp = firstColon >= 0 ? spec[..firstColon].Trim('[', ']') : "";
        var hostPort = spec[(firstColon + 1)..lastColon];
        var containerPort = spec[(lastColon + 1)..];
        return new PortMapping(hostIp, ParsePort(hostPort, text), ParsePort(containerPort, text), protocol).Validated();
    }

    /// <summary>This mapping with "0.0.0.0" read as "every address"; throws a <see cref="BerthException"/> when out of range.</summary>
    public PortMapping Validated()
    {
        if (HostPort is < 1 or > 65535 || ContainerPort is < 1 or > 65535)
        {
            throw new InvalidArgumentException($"invalid port mapping {Describe()}: ports must be between 1 and 65535");
        }
        if (Protocol is not ("tcp" or "udp" or "sctp"))
        {
            throw new InvalidArgumentException($"invalid port mapping {Describe()}: protocol must be tcp, udp or sctp");
        }
        if (HostIp.Length == 0 || HostIp == "0.0.0.0")
        {
            return this with { HostIp = "" };
        }
        // Dotted quads only: IPAddress also reads "10" as 0.0.0.10.
        if (HostIp.Count(c => c == '.') != 3 || !IPAddress.TryParse(HostIp, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new InvalidArgumentException($"invalid port mapping {Describe()}: \"{HostIp}\" is not an IPv4 address");
        }
        return this;
    }

    /// <summary>The mapping as a user writes it, for messages.</summary>
    public string Describe() => $"{(HostIp.Length > 0 ? HostIp + ":" : "")}{HostPort}:{ContainerPort}/{Protocol}";

    /// <summary>True when both would receive the same host traffic.</summary>
    public bool Overlaps(PortMapping other) =>
        HostPort == other.HostPort && Protocol == other.Protocol
        && (HostIp.Length == 0 || other.HostIp.Length == 0 || HostIp == other.HostIp);

    private static int ParsePort(string port, string text) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidArgumentException($"invalid port mapping \"{text}\": \"{port}\" is not a port number");
}

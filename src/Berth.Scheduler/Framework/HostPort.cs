namespace Berth.Scheduler.Framework;

/// <summary>A host port a pod's container binds: IP (0.0.0.0 for all), protocol (TCP by default) and port.</summary>
public readonly record struct HostPort(string Ip, string Protocol, int Port)
{
    public const string AnyIp = "0.0.0.0";

    public static HostPort Of(string? ip, string? protocol, int port) =>
        new(string.IsNullOrEmpty(ip) ? AnyIp : ip, string.IsNullOrEmpty(protocol) ? "TCP" : protocol, port);
}

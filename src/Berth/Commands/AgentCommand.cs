using System.CommandLine;
using Berth.Agent;
using Berth.Agent.Nodes;
using Berth.Engine.Registry;
using Berth.Host;
using Microsoft.Extensions.Logging;

namespace Berth.Cli.Commands;

/// <summary>
/// `berth agent --server URL --token T`: this machine joins a cluster as a node (k3s' agent). Prints
/// one line, `Berth agent is ready`, once its Node is registered; stops on SIGINT/SIGTERM, leaving
/// its pods' containers running for the next start to adopt.
/// </summary>
public static class AgentCommand
{
    public const string ReadyLine = "Berth agent is ready";

    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The API server, https://host:6443", Required = true };
        var token = new Option<string?>("--token") { Description = "The join token (DATA/server/token on the server)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "A file holding the join token" };
        var dataDir = new Option<string>("--data-dir") { Description = "State directory", DefaultValueFactory = _ => "/var/lib/berth" };
        var nodeName = new Option<string?>("--node-name") { Description = "Name of this node (default: the host name)" };
        var nodeIp = NodeIpOption();
        var podBridge = PodBridgeOption();
        var reserved = new Option<string?>("--system-reserved") { Description = "Resources kept from pods, e.g. cpu=100m,memory=256Mi" };
        var kubeletPort = KubeletPortOption();
        var leaseDuration = NodeLeaseDurationOption();
        var clusterDns = new Option<string>("--cluster-dns")
        {
            Description = "Comma-separated name servers of ClusterFirst pods; the first is served on this node",
            DefaultValueFactory = _ => AgentOptions.DefaultClusterDns,
        };
        var clusterDomain = ClusterDomainOption();
        var privateRegistry = PrivateRegistryOption();
        var resolvConf = new Option<string>("--resolv-conf") { Description = "The host's resolver configuration, for dnsPolicy Default and forwarded names", DefaultValueFactory = _ => "/etc/resolv.conf" };
        var command = new Command("agent", "Join a cluster as a node and run its pods")
        {
            server, token, tokenFile, dataDir, nodeName, nodeIp, podBridge, reserved, kubeletPort, leaseDuration, clusterDns, clusterDomain, resolvConf, privateRegistry,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out var url) || url.Scheme != "https")
            {
                throw new BerthException($"--server {parse.GetValue(server)} is not an https:// URL");
            }
            var joinToken = parse.GetValue(token) ?? (parse.GetValue(tokenFile) is { } file ? ReadTokenFile(file) : null)
                ?? throw new BerthException("a join token is needed: --token or --token-file (DATA/server/token on the server)");
            var options = new AgentOptions
            {
                NodeName = parse.GetValue(nodeName) ?? Environment.MachineName.ToLowerInvariant(),
                DataDir = Path.GetFullPath(parse.GetValue(dataDir)!),
                NodeIp = parse.GetValue(nodeIp),
                PodBridge = parse.GetValue(podBridge)!,
                Reserve = ParseReserve(parse.GetValue(reserved)),
                KubeletPort = parse.GetValue(kubeletPort),
                LeaseDuration = TimeSpan.FromSeconds(parse.GetValue(leaseDuration)),
                ClusterDns = ParseClusterDns(parse.GetValue(clusterDns)!),
                ClusterDomain = parse.GetValue(clusterDomain)!,
                ResolvConf = parse.GetValue(resolvConf)!,
                RegistryMirrors = LoadRegistryMirrors(parse.GetValue(privateRegistry)!),
            };
            return await RunAsync(url, joinToken, options, cancellationToken);
        });
        return command;
    }

    /// <summary>The address the node reports (k3s' --node-ip); `server` and `agent` both take it.</summary>
    internal static Option<string?> NodeIpOption() => new("--node-ip")
    {
        Description = "The address the node reports, and other nodes route its pods through (default: the default route's)",
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<string?>() is { } text && !System.Net.IPAddress.TryParse(text, out _))
                {
                    result.AddError($"--node-ip {text} is not an IP address");
                }
            },
        },
    };

    /// <summary>k3s' --private-registry: the registries.yaml the node's pulls follow; `server` and `agent` both take it.</summary>
    internal static Option<string> PrivateRegistryOption() => new("--private-registry")
    {
        Description = "Registry mirrors and credentials in k3s' registries.yaml shape (default: $BERTH_REGISTRIES_CONFIG, else /etc/berth/registries.yaml; none when absent)",
        DefaultValueFactory = _ => RegistryMirrors.DefaultFile,
    };

    /// <summary>The mirrors in <paramref name="path"/>: none when the default file is absent, an error when a named one is.</summary>
    internal static RegistryMirrors LoadRegistryMirrors(string path) =>
        path == RegistryMirrors.DefaultFile || File.Exists(path) ? RegistryMirrors.Load(path) : throw new BerthException($"--private-registry {path}: no such file");

    /// <summary>The bridge of the node's pods; `server` and `agent` both take it.</summary>
    internal static Option<string> PodBridgeOption() => new("--pod-bridge")
    {
        Description = "The Linux bridge pods attach to; its subnet is the node's pod CIDR",
        DefaultValueFactory = _ => AgentOptions.DefaultPodBridge,
        Validators =
        {
            result =>
            {
                var name = result.GetValueOrDefault<string>();
                if (name.Length is 0 or > 15 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
                {
                    result.AddError($"--pod-bridge {name}: an interface name of 1 to 15 letters, digits, '-', '_' or '.'");
                }
            },
        },
    };

    /// <summary>The node's streaming port (kubelet's --port); `server` and `agent` both take it.</summary>
    internal static Option<int> KubeletPortOption() => new("--kubelet-port")
    {
        Description = "Port of the node's streaming server for logs and exec (0: any free port)",
        DefaultValueFactory = _ => new AgentOptions { NodeName = "", DataDir = "" }.KubeletPort,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int>() is < 0 or > 65535)
                {
                    result.AddError($"--kubelet-port {result.GetValueOrDefault<int>()} is not a port number (0-65535)");
                }
            },
        },
    };

    /// <summary>
    /// kubelet's --node-lease-duration-seconds; the Lease is renewed every quarter of it. `server` and `agent` both take
    /// it: a server's --node-monitor-grace-period shorter than the renewal would call its nodes quiet between renewals.
    /// </summary>
    internal static Option<int> NodeLeaseDurationOption() => new("--node-lease-duration-seconds")
    {
        Description = "The duration of the node's Lease; it is renewed every quarter of it",
        DefaultValueFactory = _ => (int)new AgentOptions { NodeName = "", DataDir = "" }.LeaseDuration.TotalSeconds,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError($"--node-lease-duration-seconds {result.GetValueOrDefault<int>()} must be at least 1");
                }
            },
        },
    };

    /// <summary>kubelet's --cluster-domain; `server` and `agent` both take it.</summary>
    internal static Option<string> ClusterDomainOption() => new("--cluster-domain")
    {
        Description = "The cluster's DNS domain",
        DefaultValueFactory = _ => "cluster.local",
    };

    private static IReadOnlyList<string> ParseClusterDns(string text)
    {
        var addresses = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return addresses.FirstOrDefault(a => !System.Net.IPAddress.TryParse(a, out _)) is { } bad
            ? throw new BerthException($"--cluster-dns {bad} is not an IP address")
            : addresses;
    }

    internal static NodeReserve ParseReserve(string? text)
    {
        try
        {
            return text is null ? NodeReserve.Default : NodeReserve.Parse(text);
        }
        catch (FormatException e)
        {
            throw new BerthException($"--system-reserved: {e.Message}");
        }
    }

    private static string ReadTokenFile(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException($"--token-file {path}: {e.Message}");
        }
    }

    private static async Task<int> RunAsync(Uri server, string token, AgentOptions options, CancellationToken cancellationToken)
    {
        using var loggerFactory = ServerCommand.CreateLoggerFactory();
        AgentHost host;
        try
        {
            host = await AgentHost.StartAsync(server, token, options, loggerFactory, cancellationToken);
        }
        catch (HostStartException ex)
        {
            throw new BerthException(ex.Message, inner: ex);
        }
        await using (host)
        {
            Console.WriteLine(ReadyLine);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return ExitCodes.Success;
    }
}

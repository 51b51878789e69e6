using System.CommandLine;
using System.Net;
using Berth.Agent;
using Berth.Agent.Nodes;
using Berth.Engine.Registry;
using Berth.ApiServer.Allocation;
using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Hosting;
using Berth.ApiServer.Strategies.Core;
using Berth.Controllers;
using Berth.Controllers.Certificates;
using Berth.Controllers.NodeIpam;
using Berth.Controllers.NodeLifecycle;
using Berth.Controllers.PodGc;
using Berth.Host;
using Microsoft.Extensions.Logging;

namespace Berth.Cli.Commands;

/// <summary>
/// `berth server`: the orchestrator's control plane in the foreground. Prints one line,
/// `Berth is ready`, once kubectl can use DATA/kubeconfig.yaml; stops on SIGINT/SIGTERM.
/// </summary>
public static class ServerCommand
{
    public const string ReadyLine = "Berth is ready";

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "State directory", DefaultValueFactory = _ => "/var/lib/berth" };
        var port = new Option<int>("--https-listen-port") { Description = "HTTPS port of the API", DefaultValueFactory = _ => 6443 };
        // All addresses by default, as k3s and kube-apiserver: pods reach the API through the `kubernetes` Service, whose
        // endpoint is the advertised (default route) address, and agents of other machines join through it.
        var bind = new Option<string>("--bind-address") { Description = "Address the API listens on", DefaultValueFactory = _ => "0.0.0.0" };
        var writeKubeconfig = new Option<string?>("--write-kubeconfig") { Description = "Also write the admin kubeconfig to this file" };
        var datastore = new Option<string?>("--datastore-endpoint") { Description = "sqlite://PATH (default DATA/server/state.db) or http://host:2379[,…] for etcd" };
        var nodeName = new Option<string?>("--node-name") { Description = "Name of this node (default: the host name)" };
        var disableAgent = new Option<bool>("--disable-agent") { Description = "Run the control plane only, without the embedded node agent" };
        var eventTtl = DurationOption.Create("--event-ttl", "How long Events are kept after their last write", TimeSpan.FromHours(1));
        var nodeGrace = DurationOption.Create("--node-monitor-grace-period", "How long a node may stop heartbeating before it is marked NotReady", new NodeLifecycleOptions().MonitorGracePeriod);
        var signingDuration = DurationOption.Create("--cluster-signing-duration", "The longest a certificate the cluster CA signs for a CSR is valid", ClusterSigner.DefaultDuration);
        var encryptionConfig = new Option<string?>("--encryption-provider-config")
        {
            Description = "EncryptionConfiguration file (aescbc, aesgcm, identity) for data at rest (default: Secrets with an aescbc key made in DATA/server/cred)",
        };
        var tokenAuthFile = new Option<string?>("--token-auth-file") { Description = "Static bearer tokens: CSV lines token,user,uid[,\"group1,group2\"]" };
        var anonymousAuth = new Option<bool>("--anonymous-auth") { Description = "Serve requests without credentials as system:anonymous (RBAC decides what they reach)", DefaultValueFactory = _ => true };
        var issuer = new Option<string>("--service-account-issuer") { Description = "The iss claim of ServiceAccount tokens", DefaultValueFactory = _ => ServiceAccountIssuer.DefaultUrl };
        var keyFile = new Option<string?>("--service-account-key-file") { Description = "PEM RSA private key that signs ServiceAccount tokens (default DATA/server/tls/service.key, made on first start)" };
        var terminatedThreshold = new Option<int>("--terminated-pod-gc-threshold")
        {
            Description = "Finished pods kept before the oldest are deleted (0 keeps them all)",
            DefaultValueFactory = _ => new PodGcOptions().TerminatedPodThreshold,
        };
        var serviceCidr = ParsedOption("--service-cidr", "IPv4 range of Service cluster IPs", ServiceCidr.Default, ServiceCidr.Parse);
        var clusterCidr = new Option<string>("--cluster-cidr") { Description = "IPv4 range of pod addresses, cut into one subnet per node", DefaultValueFactory = _ => ClusterCidr.Default };
        var nodeCidrMaskSize = new Option<int>("--node-cidr-mask-size") { Description = "Prefix length of each node's pod subnet", DefaultValueFactory = _ => ClusterCidr.DefaultNodeMaskSize };
        var nodePortRange = ParsedOption("--service-node-port-range", "Ports of NodePort Services", PortRange.Default, PortRange.Parse);
        var advertise = new Option<string?>("--advertise-address")
        {
            Description = "Address the `kubernetes` Service's endpoints name (default: the bind address, or the default route's when bound to all or loopback)",
        };
        var tlsSan = new Option<string[]>("--tls-san") { Description = "More host names or IP addresses the serving certificate covers (repeat or comma-separate)" };
        var kubeletPort = AgentCommand.KubeletPortOption();
        var leaseDuration = AgentCommand.NodeLeaseDurationOption();
        var nodeIp = AgentCommand.NodeIpOption();
        var podBridge = AgentCommand.PodBridgeOption();
        var clusterDns = new Option<string?>("--cluster-dns") { Description = "The kube-dns Service's cluster IP, served by every node (default: the 10th address of --service-cidr, 10.43.0.10)" };
        var clusterDomain = AgentCommand.ClusterDomainOption();
        var privateRegistry = AgentCommand.PrivateRegistryOption();
        var notReadySeconds = TolerationSecondsOption("--default-not-ready-toleration-seconds", "not-ready");
        var unreachableSeconds = TolerationSecondsOption("--default-unreachable-toleration-seconds", "unreachable");
        var audit = new ServerAuditFlags();
        var command = new Command("server", "Run the Kubernetes-compatible control plane")
        {
            dataDir, port, bind, writeKubeconfig, datastore, nodeName, disableAgent, eventTtl, nodeGrace, signingDuration, tokenAuthFile, encryptionConfig, anonymousAuth, issuer, keyFile,
            notReadySeconds, unreachableSeconds, terminatedThreshold, serviceCidr, clusterCidr, nodeCidrMaskSize, nodePortRange, advertise, tlsSan, kubeletPort, leaseDuration, nodeIp, podBridge, clusterDns, clusterDomain, privateRegistry,
        };
        foreach (var option in audit.Options)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(port) is < 1 or > 65535)
            {
                throw new BerthException($"--https-listen-port {parse.GetValue(port)} is not a port number (1-65535)");
            }
            if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
            {
                throw new BerthException($"--bind-address {parse.GetValue(bind)} is not an IP address");
            }
            var advertised = parse.GetValue(advertise) ?? AdvertiseAddress(address);
            if (!IPAddress.TryParse(advertised, out _))
            {
                throw new BerthException($"--advertise-address {advertised} is not an IP address");
            }
            var dnsAddress = parse.GetValue(clusterDns) ?? parse.GetValue(serviceCidr)!.AddressAt(9);
            if (!IPAddress.TryParse(dnsAddress, out _))
            {
                throw new BerthException($"--cluster-dns {dnsAddress} is not an IP address");
            }
            var podAddresses = ParseClusterCidr(parse.GetValue(clusterCidr)!, parse.GetValue(nodeCidrMaskSize));
            var data = Path.GetFullPath(parse.GetValue(dataDir)!);
            var options = new ServerHostOptions
            {
                Api = new ApiServerOptions
                {
                    DataDir = data,
                    HttpsPort = parse.GetValue(port),
                    BindAddress = address,
                    WriteKubeconfig = parse.GetValue(writeKubeconfig),
                    NodeName = parse.GetValue(nodeName) ?? Environment.MachineName.ToLowerInvariant(),
                    TokenUsers = parse.GetValue(tokenAuthFile) is { } tokens ? ReadSecurityFile("--token-auth-file", tokens, TokenAuthFile.Read) : new Dictionary<string, UserInfo>(),
                    AnonymousAuth = parse.GetValue(anonymousAuth),
                    ServiceAccountIssuer = parse.GetValue(issuer)!,
                    ServiceAccountKey = parse.GetValue(keyFile) is { } key ? ReadSecurityFile("--service-account-key-file", key, ServiceAccountKey.Load) : null,
                    DefaultTolerationSeconds = new DefaultTolerationSeconds(parse.GetValue(notReadySeconds), parse.GetValue(unreachableSeconds)),
                    ServiceCidr = parse.GetValue(serviceCidr)!,
                    NodePortRange = parse.GetValue(nodePortRange)!,
                    AdvertiseAddress = advertised,
                    TlsSans = [.. (parse.GetValue(tlsSan) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                    ClusterDns = dnsAddress,
                    Audit = audit.Read(parse),
                },
                DatastoreEndpoint = parse.GetValue(datastore),
                EncryptionProviderConfig = parse.GetValue(encryptionConfig) is { } encryptionPath ? Path.GetFullPath(encryptionPath) : null,
                DisableAgent = parse.GetValue(disableAgent),
                Agent = new AgentOptions
                {
                    NodeName = "",
                    DataDir = "",
                    KubeletPort = parse.GetValue(kubeletPort),
                    LeaseDuration = TimeSpan.FromSeconds(parse.GetValue(leaseDuration)),
                    NodeIp = parse.GetValue(nodeIp),
                    PodBridge = parse.GetValue(podBridge)!,
                    ClusterDns = [dnsAddress],
                    ClusterDomain = parse.GetValue(clusterDomain)!,
                    RegistryMirrors = AgentCommand.LoadRegistryMirrors(parse.GetValue(privateRegistry)!),
                },
                EventTtl = parse.GetValue(eventTtl),
                Controllers = new ControllerOptions
                {
                    NodeLifecycle = new NodeLifecycleOptions { MonitorGracePeriod = parse.GetValue(nodeGrace) },
                    PodGc = new PodGcOptions { TerminatedPodThreshold = parse.GetValue(terminatedThreshold) },
                    NodeIpam = new NodeIpamOptions { ClusterCidr = podAddresses },
                    ClusterSigningDuration = parse.GetValue(signingDuration),
                },
            };
            return await RunAsync(options, cancellationToken);
        });
        return command;
    }

    private static ClusterCidr ParseClusterCidr(string text, int nodeMaskSize)
    {
        try
        {
            return ClusterCidr.Parse(text, nodeMaskSize);
        }
        catch (FormatException e)
        {
            throw new BerthException($"--cluster-cidr: {e.Message}", inner: e);
        }
    }

    /// <summary>Reads a file a security flag names; a missing or malformed one is one line on stderr.</summary>
    internal static T ReadSecurityFile<T>(string flag, string path, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new BerthException($"{flag}: {ex.Message}", inner: ex);
        }
    }

    /// <summary>The bind address when it names one interface, else this host's address on its default route (as k3s' node IP).</summary>
    private static string AdvertiseAddress(IPAddress bind) =>
        bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(bind)
            ? HostFacts.DefaultRouteAddress() ?? bind.ToString()
            : bind.ToString();

    /// <summary>An option whose text <paramref name="parse"/> turns into a value, or into the one-line error its FormatException says.</summary>
    private static Option<T> ParsedOption<T>(string name, string description, string defaultText, Func<string, T> parse) => new(name)
    {
        // The help shows the default as the parsed value prints it ([default: 10.43.0.0/16]).
        Description = description,
        DefaultValueFactory = _ => parse(defaultText),
        CustomParser = result =>
        {
            try
            {
                return parse(result.Tokens.Single().Value);
            }
            catch (FormatException e)
            {
                result.AddError($"{name} {result.Tokens.Single().Value}: {e.Message}");
                return default;
            }
        },
    };

    internal static Option<int> NonNegativeOption(string name, string description) => new(name)
    {
        Description = description,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int>() < 0)
                {
                    result.AddError($"{name} {result.GetValueOrDefault<int>()}: must be 0 or more");
                }
            },
        },
    };

    /// <summary>The seconds a pod without its own toleration for the node.kubernetes.io/TAINT NoExecute taint stays on such a node.</summary>
    private static Option<long> TolerationSecondsOption(string name, string taint) => new(name)
    {
        Description = $"Seconds a pod tolerates node.kubernetes.io/{taint}:NoExecute when it has no such toleration",
        DefaultValueFactory = _ => 300,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<long>() < 0)
                {
                    result.AddError($"{name} {result.GetValueOrDefault<long>()}: must be 0 or more seconds");
                }
            },
        },
    };

    /// <summary>Warnings and errors on stderr, one line each: what `server` and `agent` log.</summary>
    internal static ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Warning)
        // Hosting opens a logging scope for every request while this category is on, and logs nothing at Warning.
        .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

    private static async Task<int> RunAsync(ServerHostOptions options, CancellationToken cancellationToken)
    {
        using var loggerFactory = CreateLoggerFactory();
        ServerHost host;
        try
        {
            host = await ServerHost.StartAsync(options, loggerFactory, cancellationToken);
        }
        catch (HostStartException ex)
        {
            throw new BerthException(ex.Message, inner: ex);
        }
        await using (host)
        {
            Console.WriteLine(ReadyLine);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return ExitCodes.Success;
    }
}

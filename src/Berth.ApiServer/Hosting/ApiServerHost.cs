using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl;
using Berth.ApiServer.AdmissionControl.Policies;
using Berth.ApiServer.AdmissionControl.PodSecurity;
using Berth.ApiServer.AdmissionControl.ResourceQuotas;
using Berth.ApiServer.Allocation;
using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.ControlPlane;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Authorization.Nodes;
using Berth.ApiServer.Authorization.Rbac;
using Berth.ApiServer.Discovery;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Http;
using Berth.ApiServer.OpenApi;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Rest;
using Berth.ApiServer.Security;
using Berth.ApiServer.Streaming;
using Berth.ApiServer.Strategies.Scheduling;
using Berth.ApiServer.Tables;
using Berth.ApiServer.Watch;
using Berth.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Hosting;

/// <summary>
/// The running API server: TLS material and tokens, the watch cache over the store, the default
/// namespaces, Kestrel on HTTPS, and the admin kubeconfig. Ready (kubectl
/// works) when <see cref="StartAsync"/> returns.
/// </summary>
public sealed partial class ApiServerHost : IAsyncDisposable
{
    private static readonly string[] DefaultNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication _app;
    private readonly WatchCache _cache;
    private readonly RbacPolicy _rbac;
    private readonly IAuditBackend? _auditLog;
    private readonly CancellationTokenSource _upkeepStop = new();
    private Task _upkeep = Task.CompletedTask;

    private ApiServerHost(WebApplication app, WatchCache cache, RbacPolicy rbac, IAuditBackend? auditLog, Uri address, InProcessTransport inProcess, ComponentTokens componentTokens)
    {
        _app = app;
        _auditLog = auditLog;
        _rbac = rbac;
        InProcess = inProcess;
        ComponentTokens = componentTokens;
        _cache = cache;
        Address = address;
    }

    /// <summary>The URL clients use (the loopback address when bound to all addresses).</summary>
    public Uri Address { get; }

    /// <summary>How components inside this process connect (the local Unix socket, <see cref="ApiServerOptions.LocalSocketPath"/>, serves other processes on this machine).</summary>
    public InProcessTransport InProcess { get; }

    /// <summary>The bearer tokens in-process components present, one identity each.</summary>
    public ComponentTokens ComponentTokens { get; }

    public static async Task<ApiServerHost> StartAsync(ApiServerOptions options, IKeyValueStore store, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.ServerDir);
        var names = ServingNames.For(options.BindAddress, options.AdvertiseAddress, IPAddress.Parse(options.ServiceCidr.AddressAt(0)), options.NodeName, options.TlsSans);
        var authority = CertificateAuthority.LoadOrCreate(Path.Combine(options.ServerDir, "tls"), names.DnsNames, names.Addresses);
        var tokens = ServerTokens.LoadOrCreate(options.ServerDir, authority.CaPem);
        var componentTokens = new ComponentTokens(tokens.Admin, options.NodeName);
        var issuer = new ServiceAccountIssuer(
            options.ServiceAccountIssuer,
            options.ServiceAccountKey ?? ServiceAccountKey.LoadOrCreate(Path.Combine(options.ServerDir, "tls", "service.key")));

        var allocations = new ServiceAllocations(store, options.ServiceCidr, options.NodePortRange);
        var registry = new ResourceRegistry(BuiltInResources.Create(options.DefaultTolerationSeconds, allocations));
        var cache = new WatchCache(store, loggerFactory.CreateLogger<WatchCache>(), options.WatchWindow);
        await cache.StartAsync(cancellationToken);
        var rbac = new RbacPolicy(cache, loggerFactory.CreateLogger<RbacPolicy>());
        var authorizer = Authorizer(rbac, new NodeObjectGraph(cache, registry));
        var rules = new RuleResolver(rbac);
        // kube's default plugins in kube's order (mutating: LimitRanger, ServiceAccount, DefaultStorageClass, StorageObjectInUseProtection, the CSR requester;
        // validating: LimitRanger, NodeRestriction, PodSecurity, ValidatingAdmissionPolicy, ResourceQuota last, since it charges the quota for a write the others passed).
        var limitRanger = new LimitRanger();
        var nodeRestriction = new NodeRestriction();
        var policies = new ValidatingAdmissionPolicyAdmission(new PolicyEvaluator(CelCompiler.Shared));
        var resourceStore = new ResourceStore(store, cache, registry, TimeProvider.System, new AdmissionChain(
            [limitRanger, new ServiceAccountAdmission(TimeProvider.System), new DefaultStorageClass(), new StorageObjectInUseProtection(), new CertificateRequester()],
            [limitRanger, nodeRestriction, new PodSecurityAdmission(), new RbacEscalationCheck(authorizer, rules),
             policies, new ResourceQuotaAdmission(TimeProvider.System)],
            [nodeRestriction, policies]));
        await CreateDefaultNamespacesAsync(resourceStore, registry, cancellationToken);
        await SystemPriorityClasses.EnsureAsync(resourceStore, cancellationToken);
        await LocalPathStorageClass.EnsureAsync(resourceStore, cancellationToken);
        await new BootstrapPolicyReconciler(resourceStore).ReconcileAsync(cancellationToken);
        await ControllerPolicy.EnsureServiceAccountsAsync(resourceStore, cancellationToken);
        // The first RBAC snapshot must hold the defaults just written.
        await cache.WaitForRevisionAsync(await store.GetRevisionAsync(cancellationToken), TimeSpan.FromSeconds(30), cancellationToken);
        rbac.Start();

        // Without these, the host watches its content root (the working directory) recursively for
        // appsettings.json changes: a data directory below it turned every store write into inotify
        // events for the server to process (~7 % of its CPU under constant creates), and a server
        // started from / watched the whole tree.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = options.ServerDir,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        var inProcess = new InProcessTransport();
        builder.Services.AddSingleton<IConnectionListenerFactory>(inProcess);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxDrainedBytes;
            // As the kube-apiserver: one HTTP/2 connection (client-go's, the C# client's) carries many
            // watches at once; Kestrel's default of 100 streams would queue every request after 100 watches.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(options.BindAddress, options.HttpsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    // Asked on every handshake, so a certificate that comes due is renewed while the server runs.
                    https.ServerCertificateSelector = (_, _) => authority.Serving;
                    https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
                    // Asked for, not required: token and anonymous clients send none. The
                    // authenticator checks a presented one against the cluster CA.
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (_, _, _) => true;
                });
            });
            File.Delete(options.LocalSocketPath);
            kestrel.ListenUnixSocket(options.LocalSocketPath, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(inProcess.EndPoint, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var responder = new ObjectResponder(new TableBuilder(TimeProvider.System));
        var fieldManager = new FieldManager(TimeProvider.System);
        var subresources = new SubresourceHandler(resourceStore, fieldManager, TimeProvider.System);
        var tunnels = new NodeTunnels();
        var dispatcher = new ResourceDispatcher(
            new ObjectHandler(resourceStore, responder, fieldManager),
            subresources,
            new PatchHandler(resourceStore, responder, subresources, fieldManager),
            new WatchHandler(cache, responder, WatchSettings.Default),
            new TokenRequestHandler(resourceStore, issuer, TimeProvider.System),
            new SelfSubjectReviewHandler(TimeProvider.System),
            new SubjectAccessReviewHandler(authorizer),
            new SelfSubjectRulesReviewHandler(rules),
            new EvictionHandler(resourceStore, TimeProvider.System),
            new PodStreamHandler(resourceStore, registry, new NodeDialer(KubeletClientCertificate(authority), tunnels)),
            new ProxyHandler(resourceStore, registry));
        var auditLog = AuditBackend.Open(options.Audit, TimeProvider.System, loggerFactory.CreateLogger<IAuditBackend>());
        var auditor = auditLog is null ? null : new Auditor(new AuditPolicyChecker(options.Audit.Policy!), auditLog, TimeProvider.System);
        var router = new ApiRouter(registry, Authenticator(options, tokens, componentTokens, authority, issuer, cache, registry), authorizer, new Impersonation(authorizer), issuer, authority.CaPem, new DiscoveryDocuments(registry), new AggregatedDiscovery(registry), new OpenApiDocuments(registry), dispatcher, tunnels, loggerFactory.CreateLogger<ApiRouter>(), auditor);
        app.UseWebSockets();
        app.Run(router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            if (auditLog is not null)
            {
                await auditLog.DisposeAsync();
            }
            throw;
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(options.LocalSocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var host = options.BindAddress.Equals(IPAddress.Any) || options.BindAddress.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : options.BindAddress;
        var address = new Uri($"https://{(host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString())}:{options.HttpsPort}");
        var (adminCertificate, adminKey) = authority.LoadOrCreateClient("admin", StaticTokenAuthenticator.AdminUser, [UserInfo.PrivilegedGroup]);
        KubeconfigWriter.Write(options.KubeconfigPath, address, authority.CaPem, adminCertificate, adminKey);
        if (options.WriteKubeconfig is { } extra)
        {
            KubeconfigWriter.Write(extra, address, authority.CaPem, adminCertificate, adminKey);
        }

        var kubernetesService = new KubernetesServiceReconciler(
            resourceStore, options.ServiceCidr, options.AdvertiseAddress ?? host.ToString(), options.HttpsPort, options.NodeName, TimeProvider.System);
        var kubeDns = new KubeDnsServiceReconciler(resourceStore, options.ClusterDns ?? options.ServiceCidr.AddressAt(9));
        var logger = loggerFactory.CreateLogger<ApiServerHost>();
        try
        {
            await kubernetesService.ReconcileAsync(cancellationToken);
            await kubeDns.ReconcileAsync(cancellationToken);
        }
        catch (ApiException e)
        {
            // Another server starting at the same time is mid-way through the same objects: the upkeep loop tries again.
            KubernetesServiceDeferred(logger, e.Message);
        }
        var apiServer = new ApiServerHost(app, cache, rbac, auditLog, address, inProcess, componentTokens);
        apiServer.StartUpkeep(kubernetesService, kubeDns, new AllocationRepair(store, allocations), logger);
        return apiServer;
    }

    public async ValueTask DisposeAsync()
    {
        await _upkeepStop.CancelAsync();
        await _upkeep;
        _upkeepStop.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_auditLog is not null)
        {
            // After the last request: every event queued is written and flushed.
            await _auditLog.DisposeAsync();
        }
        await _rbac.DisposeAsync();
        await _cache.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The kubernetes Service is left to the next upkeep: {Reason}")]
    private static partial void KubernetesServiceDeferred(ILogger logger, string reason);

    /// <summary>The server's own periodic work: the `kubernetes` Service's endpoints, the kube-dns Service, and the repair of leaked allocations.</summary>
    private void StartUpkeep(KubernetesServiceReconciler kubernetesService, KubeDnsServiceReconciler kubeDns, AllocationRepair repair, ILogger logger) =>
        _upkeep = Task.WhenAll(
            BackgroundLoop.RunAsync(KubernetesServiceReconciler.RenewPeriod, async ct =>
            {
                await kubernetesService.ReconcileAsync(ct);
                await kubeDns.ReconcileAsync(ct);
            }, logger, _upkeepStop.Token),
            BackgroundLoop.RunAsync(AllocationRepair.Period, async ct => await repair.RunAsync(ct), logger, _upkeepStop.Token));

    /// <summary>What the API server presents to nodes' streaming servers (kubeadm's apiserver-kubelet-client).</summary>
    private static X509Certificate2 KubeletClientCertificate(CertificateAuthority authority)
    {
        var (certificate, key) = authority.LoadOrCreateClient("kube-apiserver-kubelet-client", "kube-apiserver-kubelet-client", []);
        using var pem = X509Certificate2.CreateFromPem(certificate, key);
        // SslStream on Linux takes a client key only from a loaded PKCS#12, not an ephemeral PEM key.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static RequestAuthenticator Authenticator(
        ApiServerOptions options, ServerTokens tokens, ComponentTokens components, CertificateAuthority authority, ServiceAccountIssuer issuer, WatchCache cache, ResourceRegistry registry)
    {
        List<KeyValuePair<string, UserInfo>> known =
        [
            new(tokens.Admin, UserInfo.Authenticated(StaticTokenAuthenticator.AdminUser, "", [UserInfo.PrivilegedGroup])),
            // A joining agent is a bootstrapper, as the holder of a kube bootstrap token.
            new(tokens.Join, UserInfo.Authenticated("system:bootstrap:server", "", ["system:bootstrappers"])),
            .. components.Users(),
            .. options.TokenUsers,
        ];
        return new RequestAuthenticator(
            new ClientCertificateAuthenticator(authority.Ca),
            [new StaticTokenAuthenticator(known), new ServiceAccountTokenAuthenticator(issuer, cache, registry, TimeProvider.System)],
            options.AnonymousAuth);
    }

    /// <summary>system:masters, then Node, then RBAC (kube-apiserver's --authorization-mode=Node,RBAC).</summary>
    private static RequestAuthorizer Authorizer(RbacPolicy rbac, NodeObjectGraph nodes) =>
        new([new PrivilegedGroupAuthorizer(), new NodeAuthorizer(nodes), new RbacAuthorizer(rbac)]);

    private static async Task CreateDefaultNamespacesAsync(ResourceStore store, ResourceRegistry registry, CancellationToken cancellationToken)
    {
        var namespaces = registry.Find("", "v1", "namespaces")!;
        foreach (var name in DefaultNamespaces)
        {
            try
            {
                await store.CreateAsync(namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, WriteOptions.Server, cancellationToken);
            }
            catch (ApiException exists) when (exists.Code == 409)
            {
            }
        }
    }
}

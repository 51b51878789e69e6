using System.CommandLine;
using System.Net;
using Berth.ApiServer.Hosting;
using Berth.Storage;
using Berth.Storage.Compaction;
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
        var bind = new Option<string>("--bind-address") { Description = "Address the API listens on", DefaultValueFactory = _ => "127.0.0.1" };
        var writeKubeconfig = new Option<string?>("--write-kubeconfig") { Description = "Also write the admin kubeconfig to this file" };
        var datastore = new Option<string?>("--datastore-endpoint") { Description = "sqlite://PATH (default DATA/server/state.db) or http://host:2379[,…] for etcd" };
        var nodeName = new Option<string?>("--node-name") { Description = "Name of this node (default: the host name)" };
        var disableAgent = new Option<bool>("--disable-agent") { Description = "Run the control plane only, without the embedded node agent" };
        var command = new Command("server", "Run the Kubernetes-compatible control plane") { dataDir, port, bind, writeKubeconfig, datastore, nodeName, disableAgent };
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
            var data = Path.GetFullPath(parse.GetValue(dataDir)!);
            var options = new ApiServerOptions
            {
                DataDir = data,
                HttpsPort = parse.GetValue(port),
                BindAddress = address,
                WriteKubeconfig = parse.GetValue(writeKubeconfig),
                NodeName = parse.GetValue(nodeName) ?? Environment.MachineName.ToLowerInvariant(),
            };
            return await RunAsync(options, parse.GetValue(datastore) ?? $"sqlite://{Path.Combine(data, "server", "state.db")}", cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(ApiServerOptions options, string endpoint, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        Directory.CreateDirectory(options.ServerDir);
        await using var store = Open(endpoint, loggerFactory);
        // Keeps the watch window (5 minutes, at least 1,000 revisions) and bounds the SQLite log.
        await using var compactor = new PeriodicCompactor(store, new CompactionPolicy(), TimeProvider.System, loggerFactory.CreateLogger<PeriodicCompactor>());
        compactor.Start();
        ApiServerHost host;
        try
        {
            host = await ApiServerHost.StartAsync(options, store, loggerFactory, cancellationToken);
        }
        catch (IOException ex)
        {
            throw new BerthException($"cannot serve on {options.BindAddress}:{options.HttpsPort}: {ex.Message}", inner: ex);
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

    private static IKeyValueStore Open(string endpoint, ILoggerFactory loggerFactory)
    {
        try
        {
            return KeyValueStoreFactory.Open(endpoint, new KeyValueStoreOptions { LoggerFactory = loggerFactory });
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException)
        {
            throw new BerthException($"datastore {endpoint}: {ex.Message}", inner: ex);
        }
    }
}

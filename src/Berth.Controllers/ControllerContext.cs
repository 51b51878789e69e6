using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers;

/// <summary>What every controller is built from: the API client, the shared informers, time, logs, and its event recorder.</summary>
public sealed class ControllerContext : IAsyncDisposable
{
    private readonly string _host;
    private readonly Func<string, ApiClient> _serviceAccountClients;
    private readonly List<EventRecorder> _recorders;

    /// <param name="serviceAccountClients">
    /// The client a controller acting as ServiceAccount kube-system/NAME writes with (<see cref="ForServiceAccount"/>);
    /// without it every controller writes with <paramref name="client"/>.
    /// </param>
    public ControllerContext(ApiClient client, InformerFactory informers, TimeProvider time, ILoggerFactory loggerFactory, string host,
        ControllerOptions? options = null, Func<string, ApiClient>? serviceAccountClients = null)
        : this(client, informers, time, loggerFactory, host, options ?? new ControllerOptions(), serviceAccountClients ?? (_ => client), [])
    {
    }

    private ControllerContext(ApiClient client, InformerFactory informers, TimeProvider time, ILoggerFactory loggerFactory, string host,
        ControllerOptions options, Func<string, ApiClient> serviceAccountClients, List<EventRecorder> recorders)
    {
        Client = client;
        Informers = informers;
        Time = time;
        LoggerFactory = loggerFactory;
        Options = options;
        _host = host;
        _serviceAccountClients = serviceAccountClients;
        _recorders = recorders;
    }

    public ApiClient Client { get; }

    public InformerFactory Informers { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ControllerOptions Options { get; }

    /// <summary>
    /// The same context acting as ServiceAccount kube-system/<paramref name="serviceAccount"/> (kube-controller-manager's
    /// <c>--use-service-account-credentials</c>): its writes and events carry that user, its reads stay on the shared informers.
    /// Its recorders are disposed with this context.
    /// </summary>
    public ControllerContext ForServiceAccount(string serviceAccount) =>
        new(_serviceAccountClients(serviceAccount), Informers, Time, LoggerFactory, _host, Options, _serviceAccountClients, _recorders);

    /// <summary>An event recorder whose events name <paramref name="component"/> as their source (e.g. replicaset-controller).</summary>
    public EventRecorder Recorder(string component)
    {
        var recorder = new EventRecorder(Client, component, _host, Time, LoggerFactory.CreateLogger<EventRecorder>());
        lock (_recorders)
        {
            _recorders.Add(recorder);
        }
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        List<EventRecorder> recorders;
        lock (_recorders)
        {
            recorders = [.. _recorders];
        }
        foreach (var recorder in recorders)
        {
            await recorder.DisposeAsync();
        }
    }
}

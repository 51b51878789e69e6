using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers;

/// <summary>What every controller is built from: the API client, the shared informers, time, logs, and its event recorder.</summary>
public sealed class ControllerContext(ApiClient client, InformerFactory informers, TimeProvider time, ILoggerFactory loggerFactory, string host, ControllerOptions? options = null) : IAsyncDisposable
{
    private readonly List<EventRecorder> _recorders = [];

    public ApiClient Client => client;

    public InformerFactory Informers => informers;

    public TimeProvider Time => time;

    public ILoggerFactory LoggerFactory => loggerFactory;

    public ControllerOptions Options { get; } = options ?? new ControllerOptions();

    /// <summary>An event recorder whose events name <paramref name="component"/> as their source (e.g. replicaset-controller).</summary>
    public EventRecorder Recorder(string component)
    {
        var recorder = new EventRecorder(client, component, host, time, loggerFactory.CreateLogger<EventRecorder>());
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

using Berth.Engine.Containers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Probes;

/// <summary>
/// Probes one container of a pod with one of its probes every periodSeconds, for every run of that
/// container (kubelet's probe worker): a new container id starts over from the probe's initial
/// result; nothing is probed during initialDelaySeconds, liveness and readiness wait for the startup
/// probe; a result only counts after successThreshold or failureThreshold equal verdicts in a row;
/// a failed liveness or startup probe holds off until the container is replaced.
/// </summary>
public sealed partial class ProbeWorker : IDisposable
{
    private readonly ProbeManager _manager;
    private readonly Prober _prober;
    private readonly ProbeType _type;
    private readonly V1Probe _probe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _ticker;

    private volatile ProbeTarget? _target;
    private string? _containerId;
    private ProbeResult _lastResult = ProbeResult.Unknown;
    private int _resultRun;
    private bool _onHold;

    public ProbeWorker(ProbeManager manager, Prober prober, ProbeType type, V1Probe probe, TimeProvider time, ILogger logger)
    {
        _manager = manager;
        _prober = prober;
        _type = type;
        _probe = probe;
        _time = time;
        _logger = logger;
        var period = TimeSpan.FromSeconds(Math.Max(probe.PeriodSeconds ?? 10, 1));
        _ticker = time.CreateTimer(_ => Wake(), null, period, period);
        _ = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>The result a container starts with: not ready, alive, not started.</summary>
    public ProbeResult InitialResult => _type switch
    {
        ProbeType.Readiness => ProbeResult.Failure,
        ProbeType.Liveness => ProbeResult.Success,
        _ => ProbeResult.Unknown,
    };

    /// <summary>The container's current run, from the pod's latest sync; null while it has none.</summary>
    public void Update(ProbeTarget? target)
    {
        var replaced = target is not null && target.Record.Id != _target?.Record.Id;
        _target = target;
        if (replaced && _type == ProbeType.Readiness)
        {
            // kubelet probes readiness of a new container at once rather than a period later.
            Wake();
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RunAsync()
    {
        var cancellationToken = _stop.Token;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ProbeOnceAsync(cancellationToken);
                await _wake.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // One bad run never ends the worker: the next period probes again.
                LogProbeFailed(_type, e);
                await _wake.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        if (_target is not { } target)
        {
            return;
        }
        var id = target.Record.Id;
        if (id != _containerId)
        {
            if (_containerId is not null)
            {
                _manager.Forget(_containerId, _type);
            }
            _containerId = id;
            _manager.Set(target.Pod.Metadata.Uid, id, _type, InitialResult);
            _onHold = false;
            _lastResult = ProbeResult.Unknown;
            _resultRun = 0;
        }
        if (_onHold)
        {
            return;
        }
        if (target.Record.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            _manager.Set(target.Pod.Metadata.Uid, id, _type, ProbeResult.Failure);
            return;
        }
        if (target.Record.StartedAt is { } startedAt && _time.GetUtcNow() - startedAt < TimeSpan.FromSeconds(_probe.InitialDelaySeconds ?? 0))
        {
            return;
        }
        var started = _manager.IsStarted(target.Pod.Metadata.Uid, target.Container.Name, id);
        if (started == (_type == ProbeType.Startup))
        {
            // A started container is not startup-probed again; liveness and readiness wait until it has started.
            return;
        }
        var result = await _prober.ProbeAsync(_type, _probe, target, cancellationToken);
        if (result == ProbeResult.Unknown || _target?.Record.Id != id)
        {
            return;
        }
        _resultRun = result == _lastResult ? _resultRun + 1 : 1;
        _lastResult = result;
        if ((result == ProbeResult.Failure && _resultRun < Math.Max(_probe.FailureThreshold ?? 3, 1))
            || (result == ProbeResult.Success && _resultRun < Math.Max(_probe.SuccessThreshold ?? 1, 1)))
        {
            return;
        }
        _manager.Set(target.Pod.Metadata.Uid, id, _type, result);
        if (result == ProbeResult.Failure && _type is ProbeType.Liveness or ProbeType.Startup)
        {
            // The container will be killed: nothing more to ask it until it is replaced.
            _onHold = true;
            _resultRun = 0;
        }
    }

    /// <summary>Stops probing and forgets the current run's result.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _ticker.Dispose();
        if (_containerId is { } id)
        {
            _manager.Forget(id, _type);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Type} probe could not run")]
    private partial void LogProbeFailed(ProbeType type, Exception error);
}

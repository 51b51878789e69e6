using Berth.DockerApi.Containers;
using Berth.Engine;
using Microsoft.Extensions.Logging;

namespace Berth.DockerApi;

/// <summary>What every route needs: the engine, the exec sessions this server holds, the clock and logging.</summary>
public sealed class DockerApiContext(BerthEngine engine, ILoggerFactory loggerFactory, TimeProvider time)
{
    public BerthEngine Engine { get; } = engine;

    public ExecSessions Execs { get; } = new();

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public TimeProvider Time { get; } = time;
}

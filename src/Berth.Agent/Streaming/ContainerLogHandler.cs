using System.Text;
using Berth.Engine.Containers;
using Microsoft.AspNetCore.Http;

namespace Berth.Agent.Streaming;

/// <summary>
/// kubelet's <c>GET /containerLogs/NAMESPACE/POD/CONTAINER</c>: the container's log as plain text
/// (the current run, or the one before with previous=true), with tailLines, sinceSeconds/sinceTime,
/// timestamps (RFC 3339 with nanoseconds, as kubelet prefixes lines), limitBytes, and follow until the
/// container exits or the client goes away.
/// </summary>
public sealed class ContainerLogHandler(ContainerEngine engine, PodContainerRuns runs, TimeProvider time)
{
    public async Task ServeAsync(HttpContext context, string @namespace, string pod, string container)
    {
        var query = ContainerLogQuery.Parse(context.Request.Query, time.GetUtcNow());
        var found = runs.Find(@namespace, pod, container);
        var record = (query.Previous ? found.Skip(1) : found).FirstOrDefault()
            ?? throw StreamingError.BadRequest(query.Previous
                ? $"previous terminated container \"{container}\" in pod \"{pod}\" not found"
                : $"container \"{container}\" in pod \"{pod}\" is waiting to start: ContainerCreating");
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(context.RequestAborted);
        var options = new LogReadOptions { Follow = query.Follow && !query.Previous, Since = query.Since, Tail = query.TailLines };
        var left = query.LimitBytes ?? long.MaxValue;
        try
        {
            await foreach (var entry in engine.Logs.ReadAsync(record, options, context.RequestAborted))
            {
                var bytes = Encoding.UTF8.GetBytes(query.Timestamps ? $"{Rfc3339Nano(entry.Time)} {entry.Text}" : entry.Text);
                var count = (int)Math.Min(bytes.Length, left);
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, count), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                left -= count;
                if (left == 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // `kubectl logs -f` interrupted: nothing more to send.
        }
    }

    /// <summary>Go's RFC3339Nano: UTC, trailing zeros of the fraction dropped.</summary>
    internal static string Rfc3339Nano(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

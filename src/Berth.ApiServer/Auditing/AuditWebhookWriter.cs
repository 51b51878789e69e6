using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// kube's audit webhook backend: each batch is POSTed as one audit.k8s.io/v1 EventList to the server of
/// <c>--audit-webhook-config-file</c>; a failed POST (no answer or not 2xx) is retried after
/// <c>--audit-webhook-initial-backoff</c>, growing 1.5 times a try, five tries in all (kube's
/// DefaultRetryBackoffWithInitialDelay), then the batch is dropped with an error in the log.
/// </summary>
public sealed partial class AuditWebhookWriter(HttpClient client, Uri server, TimeSpan initialBackoff, TimeProvider time, ILogger logger) : IAuditBatchWriter
{
    private const int Tries = 5;
    private readonly ArrayBufferWriter<byte> _body = new(64 * 1024);

    public void Write(IReadOnlyList<AuditEvent> batch)
    {
        EventList(batch);
        var body = _body.WrittenMemory.ToArray();
        var delay = initialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, server) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = client.Send(request);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                LogRefused(logger, batch.Count, (int)response.StatusCode, attempt);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                LogUnreachable(logger, e, batch.Count, attempt);
            }
            if (attempt == Tries)
            {
                LogDropped(logger, batch.Count);
                return;
            }
            Task.Delay(delay, time).Wait();
            delay *= 1.5;
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>The events as <c>{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[...]}</c>.</summary>
    private void EventList(IReadOnlyList<AuditEvent> batch)
    {
        _body.Clear();
        _body.Write("""{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":["""u8);
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                _body.Write(","u8);
            }
            // Each event ends in a newline, which JSON takes as white space.
            AuditEventJson.Write(batch[i], _body);
        }
        _body.Write("]}"u8);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The audit webhook answered {Code} to a batch of {Count} events (try {Attempt})")]
    private static partial void LogRefused(ILogger logger, int count, int code, int attempt);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Could not send a batch of {Count} audit events to the webhook (try {Attempt})")]
    private static partial void LogUnreachable(ILogger logger, Exception e, int count, int attempt);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "Dropped a batch of {Count} audit events: the webhook did not take it")]
    private static partial void LogDropped(ILogger logger, int count);
}

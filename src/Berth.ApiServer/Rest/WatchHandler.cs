using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Conversion;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Watch;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>
/// Serves <c>?watch=true</c>: newline-delimited <c>{"type":…,"object":…}</c> events from the watch cache,
/// with selector-aware ADDED/DELETED transitions, bookmarks and timeoutSeconds.
/// </summary>
public sealed class WatchHandler(WatchCache cache, ObjectResponder responder, WatchSettings settings)
{
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(3);

    public async Task ServeAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var resource = target.Resource;
        var list = query.List(resource);
        if (target.Name is not null)
        {
            list = list with { Fields = Selectors.FieldSelector.Parse($"metadata.name={target.Name}", resource) };
        }
        long? after = query.ResourceVersion switch
        {
            null or "0" => null,
            var text when long.TryParse(text, out var revision) && revision >= 0 => revision,
            var text => throw ApiException.BadRequest($"invalid resource version \"{text}\""),
        };
        var timeLimit = query.Timeout ?? settings.DefaultTimeout;
        var bookmarks = query.AllowWatchBookmarks;
        var table = ObjectResponder.WantsTable(context);
        if (table)
        {
            ObjectResponder.IncludeObject(context);
        }
        var abort = context.RequestAborted;
        if (after is not null)
        {
            await cache.WaitForRevisionAsync(after.Value, CatchUpWait, abort);
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = table ? Tables.TableBuilder.ContentType : JsonResponse.ContentType;
        using var watcher = cache.Watch(resource.CollectionPrefix(target.Namespace), after);
        await context.Response.StartAsync(abort);
        // Kestrel holds the headers until the first body flush: send them now, as the kube-apiserver
        // does, so a client watching a quiet collection knows its watch is established.
        await context.Response.BodyWriter.FlushAsync(abort);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abort);
        timeout.CancelAfter(timeLimit);
        await StreamAsync(context, watcher, list, bookmarks, resource, table, timeout.Token);
        if (watcher.Expired && !abort.IsCancellationRequested)
        {
            // As the kube-apiserver: the watch starts, then ends with a 410 ERROR event; clients re-list.
            var gone = ApiException.Gone(watcher.ClosedReason ?? "too old resource version");
            await WriteEventAsync(context, "ERROR", Encoding.UTF8.GetBytes(StatusWriter.Failure(gone).ToJsonString()));
        }
    }

    private async Task StreamAsync(
        HttpContext context, CacheWatcher watcher, ListRequest list, bool bookmarks, Resources.ResourceDefinition resource, bool table, CancellationToken cancellationToken)
    {
        var reader = watcher.Events;
        var first = true;
        try
        {
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(settings.BookmarkInterval);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    if (bookmarks && cache.BookmarkRevision(watcher) is { } revision)
                    {
                        await WriteEventAsync(context, "BOOKMARK", Bookmark(resource.Kind, resource.GroupVersion, revision));
                    }
                    continue;
                }
                if (!more)
                {
                    return;
                }
                // Events queued together go out in one flush (one chunk), as kube-apiserver flushes only when
                // its channel is empty; a long backlog is flushed every StreamFlushBytes so the pipe stays bounded.
                var unflushed = 0L;
                while (reader.TryRead(out var cacheEvent))
                {
                    if (Translate(cacheEvent, list) is { } type)
                    {
                        unflushed += table ? WriteEvent(context, type, responder.WatchRow(context, resource, cacheEvent.Object.Json, first))
                            : resource.Conversion is not null ? WriteEvent(context, type, StoredJson.As(resource, cacheEvent.Object.Json))
                            : WriteEvent(context, type, cacheEvent.Object);
                        first = false;
                        if (unflushed >= JsonResponse.StreamFlushBytes)
                        {
                            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
                            unflushed = 0;
                        }
                    }
                }
                if (unflushed > 0)
                {
                    await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The event a selector watch reports: an update moving an object into (out of) the selection is ADDED (DELETED).</summary>
    public static string? Translate(CacheEvent cacheEvent, ListRequest list)
    {
        var now = ResourceStore.Matches(cacheEvent.Object, list);
        var before = cacheEvent.Previous is not null && ResourceStore.Matches(cacheEvent.Previous, list);
        return cacheEvent.Type switch
        {
            CacheEventType.Added => now ? "ADDED" : null,
            CacheEventType.Deleted => now || before ? "DELETED" : null,
            _ when now && before => "MODIFIED",
            _ when now => "ADDED",
            _ when before => "DELETED",
            _ => null,
        };
    }

    private static byte[] Bookmark(string kind, string apiVersion, long revision) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["kind"] = kind,
        ["apiVersion"] = apiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString() },
    }.ToJsonString());

    private static async Task WriteEventAsync(HttpContext context, string type, byte[] objectJson)
    {
        WriteEvent(context, type, objectJson);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes one event line to the response without flushing it; returns its length.</summary>
    private static int WriteEvent(HttpContext context, string type, byte[] objectJson)
    {
        var body = context.Response.BodyWriter;
        var prefix = EventPrefix(type);
        body.Write(prefix);
        body.Write(objectJson);
        body.Write("}\n"u8);
        return prefix.Length + objectJson.Length + 2;
    }

    /// <summary>Writes one event line of a cached object, spliced as it goes out (<see cref="CachedObject.WriteTo"/>).</summary>
    private static int WriteEvent(HttpContext context, string type, CachedObject obj)
    {
        var body = context.Response.BodyWriter;
        var prefix = EventPrefix(type);
        body.Write(prefix);
        var length = obj.WriteTo(body);
        body.Write("}\n"u8);
        return prefix.Length + length + 2;
    }

    private static ReadOnlySpan<byte> EventPrefix(string type) => type switch
    {
        "ADDED" => """{"type":"ADDED","object":"""u8,
        "MODIFIED" => """{"type":"MODIFIED","object":"""u8,
        "DELETED" => """{"type":"DELETED","object":"""u8,
        "BOOKMARK" => """{"type":"BOOKMARK","object":"""u8,
        "ERROR" => """{"type":"ERROR","object":"""u8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a watch event type"),
    };
}

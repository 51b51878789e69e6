using k8s.Models;

namespace Berth.Client.Events;

/// <summary>
/// Decides whether an event is new or a repeat (client-go's EventCorrelator, in its two steps):
/// <list type="number">
/// <item>aggregation: more than <see cref="MaxSimilar"/> different messages for the same object,
/// type and reason within <see cref="SimilarWindow"/> become one event whose message says so;</item>
/// <item>deduplication: an event equal to one already written (all but timestamps) becomes a
/// repeat of it, with its count raised.</item>
/// </list>
/// </summary>
internal sealed class EventCorrelator(TimeProvider time)
{
    public const int MaxSimilar = 10;
    public const int MaxRemembered = 4096;
    public static readonly TimeSpan SimilarWindow = TimeSpan.FromMinutes(10);
    public const string CombinedPrefix = "(combined from similar events): ";

    private readonly Dictionary<string, (HashSet<string> Messages, DateTimeOffset Since)> _similar = [];
    private readonly Dictionary<string, Remembered> _written = [];

    public sealed record Correlation(string Key, Corev1Event Event, bool IsRepeat);

    public Correlation Correlate(Corev1Event fresh)
    {
        var similarKey = string.Join('\0', Source(fresh), Involved(fresh.InvolvedObject), fresh.Type, fresh.Reason);
        var now = time.GetUtcNow();
        if (!_similar.TryGetValue(similarKey, out var similar) || now - similar.Since > SimilarWindow)
        {
            similar = ([], now);
            _similar[similarKey] = similar;
        }
        similar.Messages.Add(fresh.Message ?? "");
        if (similar.Messages.Count > MaxSimilar)
        {
            fresh.Message = CombinedPrefix + fresh.Message;
        }
        var key = fresh.Message!.StartsWith(CombinedPrefix, StringComparison.Ordinal)
            ? similarKey + "\0combined"
            : similarKey + "\0" + fresh.Message;
        if (_written.TryGetValue(key, out var last))
        {
            return new Correlation(key, new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = last.Name, NamespaceProperty = last.Namespace },
                InvolvedObject = fresh.InvolvedObject,
                Type = fresh.Type,
                Reason = fresh.Reason,
                Message = fresh.Message,
                Source = fresh.Source,
                ReportingComponent = fresh.ReportingComponent,
                ReportingInstance = fresh.ReportingInstance,
                FirstTimestamp = last.FirstTimestamp,
                LastTimestamp = fresh.LastTimestamp,
                Count = (last.Count ?? 1) + 1,
            }, IsRepeat: true);
        }
        return new Correlation(key, fresh, IsRepeat: false);
    }

    public void Written(string key, Corev1Event stored)
    {
        if (_written.Count >= MaxRemembered && !_written.ContainsKey(key))
        {
            _written.Remove(_written.Keys.First());
        }
        _written[key] = new Remembered(stored.Metadata.Name, stored.Metadata.NamespaceProperty, stored.FirstTimestamp, stored.Count);
        if (_similar.Count > MaxRemembered)
        {
            _similar.Clear();
        }
    }

    public void Forget(string key) => _written.Remove(key);

    /// <summary>What a repeat takes from the event it repeats; the rest of the event is not kept.</summary>
    private sealed record Remembered(string Name, string? Namespace, DateTime? FirstTimestamp, int? Count);

    private static string Source(Corev1Event e) => $"{e.Source?.Component}\0{e.Source?.Host}";

    private static string Involved(V1ObjectReference o) => $"{o.ApiVersion}\0{o.Kind}\0{o.NamespaceProperty}\0{o.Name}\0{o.Uid}";
}

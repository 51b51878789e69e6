using System.Text.Json.Nodes;
using k8s.Models;

namespace Berth.Client.Quota;

/// <summary>
/// Counts objects of any resource (kube's generic object count evaluator): each new one uses one
/// count/RESOURCE[.GROUP], and one of its legacy name (configmaps, secrets…) when it has one.
/// </summary>
public sealed class ObjectCountEvaluator(string group, string resource, string? legacyName = null) : QuotaEvaluator(group, resource)
{
    public string CountName { get; } = QuotaNames.ObjectCount(group, resource);

    public override bool HandlesUpdates => false;

    public override bool Tracks(string name) => name == CountName || (legacyName is not null && name == legacyName);

    public override object Read(JsonObject obj) => obj;

    public override Dictionary<string, ResourceQuantity> Usage(object item, DateTimeOffset now) =>
        legacyName is null ? One(CountName) : One(CountName, legacyName);
}

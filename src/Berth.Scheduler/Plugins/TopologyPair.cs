namespace Berth.Scheduler.Plugins;

/// <summary>One topology domain: a node label key and its value (zone=a, kubernetes.io/hostname=node-1).</summary>
internal readonly record struct TopologyPair(string Key, string Value);

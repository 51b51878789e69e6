using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>The READY, STATUS and RESTARTS cells of a pod, computed as kubectl's printPod does.</summary>
internal static class PodColumns
{
    /// <summary>Ready over total containers; restartable init containers (sidecars) count as containers.</summary>
    public static string Ready(JsonObject pod)
    {
        var sidecars = pod.Objects("spec", "initContainers").Where(c => c.Str("restartPolicy") == "Always").Select(c => c.Str("name")).ToHashSet();
        var total = pod.Count("spec", "containers") + sidecars.Count;
        var ready = pod.Objects("status", "containerStatuses").Count(s => s.Bool("ready") && s.At("state", "running") is JsonObject)
            + pod.Objects("status", "initContainerStatuses").Count(s => sidecars.Contains(s.Str("name")) && s.Bool("ready") && s.Bool("started"));
        return $"{ready}/{total}";
    }

    public static string Restarts(JsonObject pod, DateTimeOffset now)
    {
        long restarts = 0;
        DateTimeOffset? last = null;
        foreach (var status in pod.Objects("status", "initContainerStatuses").Concat(pod.Objects("status", "containerStatuses")))
        {
            restarts += status.Int("restartCount") ?? 0;
            if (DateTimeOffset.TryParse(status.Str("lastState", "terminated", "finishedAt"), out var finished) && (last is null || finished > last))
            {
                last = finished;
            }
        }

        return restarts > 0 && last is { } t ? $"{restarts} ({HumanDuration.Format(now - t)} ago)" : restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Status(JsonObject pod)
    {
        var reason = pod.Str("status", "reason") ?? pod.Str("status", "phase") ?? "Pending";
        var initializing = false;
        var initStatuses = pod.Objects("status", "initContainerStatuses").ToArray();
        var initCount = pod.Count("spec", "initContainers");
        for (var i = 0; i < initStatuses.Length; i++)
        {
            var s = initStatuses[i];
            if (s.At("state", "terminated") is JsonObject terminated)
            {
                if ((terminated.Int("exitCode") ?? 0) == 0)
                {
                    continue;
                }

                reason = "Init:" + Terminated(terminated);
            }
            else if (s.Str("state", "waiting", "reason") is { Length: > 0 } waiting && waiting != "PodInitializing")
            {
                reason = "Init:" + waiting;
            }
            else if (IsSidecar(pod, i) && s.Bool("started"))
            {
                continue;
            }
            else
            {
                reason = $"Init:{i}/{initCount}";
            }

            initializing = true;
            break;
        }

        if (!initializing)
        {
            var hasRunning = false;
            foreach (var s in pod.Objects("status", "containerStatuses").Reverse())
            {
                if (s.Str("state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (s.At("state", "terminated") is JsonObject terminated)
                {
                    reason = terminated.Str("reason") is { Length: > 0 } r ? r : Terminated(terminated);
                }
                else if (s.Bool("ready") && s.At("state", "running") is JsonObject)
                {
                    hasRunning = true;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = pod.Objects("status", "conditions").Any(c => c.Str("type") == "Ready" && c.Str("status") == "True") ? "Running" : "NotReady";
            }
        }

        if (pod.Str("metadata", "deletionTimestamp") is not null)
        {
            reason = pod.Str("status", "reason") == "NodeLost" ? "Unknown" : "Terminating";
        }

        return reason;
    }

    public static string ReadinessGates(JsonObject pod)
    {
        var gates = pod.Objects("spec", "readinessGates").Select(g => g.Str("conditionType")).ToArray();
        if (gates.Length == 0)
        {
            return Selectors.None;
        }

        var met = gates.Count(g => pod.Objects("status", "conditions").Any(c => c.Str("type") == g && c.Str("status") == "True"));
        return $"{met}/{gates.Length}";
    }

    private static bool IsSidecar(JsonObject pod, int index) =>
        pod.At("spec", "initContainers") is JsonArray list && index < list.Count && list[index].Str("restartPolicy") == "Always";

    private static string Terminated(JsonObject terminated)
    {
        if (terminated.Str("reason") is { Length: > 0 } reason)
        {
            return reason;
        }

        return terminated.Int("signal") is { } signal and not 0 ? $"Signal:{signal}" : $"ExitCode:{terminated.Int("exitCode") ?? 0}";
    }
}

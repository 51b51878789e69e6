using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Bench.ApiSemantics;

/// <summary>The objects the scenarios work on: a typical Deployment manifest and running pods.</summary>
internal static class Samples
{
    public const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
          "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
            {"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80,"name":"http"}],
             "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
             "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"memory":"128Mi"}},
             "readinessProbe":{"httpGet":{"path":"/","port":"http"}}},
            {"name":"log","image":"busybox:1.36","args":["tail","-f","/var/log/app.log"],
             "volumeMounts":[{"name":"logs","mountPath":"/var/log"}]}],
           "volumes":[{"name":"logs","emptyDir":{}}]}}}}
        """;

    public const string ImageChangePatch = """
        {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"log"}],"containers":[{"image":"nginx:1.28","name":"nginx"}]}}}}
        """;

    public static JsonObject[] Pods(int count, DateTimeOffset now)
    {
        var pods = new JsonObject[count];
        for (var i = 0; i < count; i++)
        {
            var created = now.AddSeconds(-i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            pods[i] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"web-{i}",
                    ["namespace"] = "default",
                    ["uid"] = $"u{i}",
                    ["resourceVersion"] = $"{i + 1}",
                    ["creationTimestamp"] = created,
                    ["labels"] = new JsonObject { ["app"] = "web", ["pod-template-hash"] = "abc" },
                },
                ["spec"] = JsonNode.Parse("""{"nodeName":"n1","containers":[{"name":"nginx","image":"nginx:1.27"}]}"""),
                ["status"] = JsonNode.Parse(
                    """{"phase":"Running","podIP":"10.0.0.7","containerStatuses":[{"name":"nginx","ready":true,"restartCount":0,"state":{"running":{}}}]}"""),
            };
        }

        return pods;
    }
}

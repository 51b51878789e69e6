using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.Tests.Patching;

/// <summary>
/// Property tests: for random pairs of pods, a patch computed as kubectl computes it turns the
/// original into the modified pod, and leaves what the server added (status, defaulted container
/// fields) untouched.
/// </summary>
public class StrategicMergePatchPropertyTests
{
    private static readonly ModelSchema s_pod = ModelSchema.For(typeof(V1Pod));
    private static readonly string[] s_names = ["web", "log", "side", "init", "proxy"];

    [Fact]
    public void Apply_KubectlStylePatch_ProducesModifiedObject()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var original = RandomPod(random);
            var modified = RandomPod(random);
            var patch = TwoWayMergePatch.Create(original, modified, s_pod);

            var result = StrategicMergePatch.Apply(original, patch, s_pod);

            Assert.True(JsonNode.DeepEquals(modified, result), $"seed {seed}\npatch    {patch.ToJsonString()}\nexpected {modified.ToJsonString()}\nactual   {result.ToJsonString()}");
        }
    }

    [Fact]
    public void Apply_KubectlStylePatchOnLiveObject_KeepsServerFields()
    {
        for (var seed = 1000; seed < 1300; seed++)
        {
            var random = new Random(seed);
            var original = RandomPod(random);
            var modified = RandomPod(random);
            var live = (JsonObject)original.DeepClone();
            live["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "10.0.0.9" };
            foreach (var container in live["spec"]!["containers"]!.AsArray())
            {
                container!["terminationMessagePath"] = "/dev/termination-log";
            }

            var result = StrategicMergePatch.Apply(live, TwoWayMergePatch.Create(original, modified, s_pod), s_pod);

            Assert.True(JsonNode.DeepEquals(live["status"], result["status"]), $"seed {seed}: status changed");
            var kept = original["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToHashSet();
            foreach (var container in result["spec"]!["containers"]!.AsArray())
            {
                var name = container!["name"]!.GetValue<string>();
                Assert.True(kept.Contains(name) == container.AsObject().Remove("terminationMessagePath"), $"seed {seed}: container {name}");
            }

            result.Remove("status");
            Assert.True(JsonNode.DeepEquals(modified, result), $"seed {seed}\nexpected {modified.ToJsonString()}\nactual   {result.ToJsonString()}");
        }
    }

    private static JsonObject RandomPod(Random random)
    {
        var labels = new JsonObject();
        foreach (var key in new[] { "app", "tier", "track" }.Where(_ => random.Next(2) == 0))
        {
            labels[key] = $"v{random.Next(3)}";
        }

        var metadata = new JsonObject { ["name"] = "p", ["labels"] = labels };
        if (random.Next(2) == 0)
        {
            metadata["finalizers"] = new JsonArray(Pick(random, ["a", "b", "c", "d"]).Select(f => (JsonNode?)f).ToArray());
        }

        var volumes = Pick(random, ["data", "cache", "cfg"]).Select(name => (JsonNode?)(random.Next(2) == 0
            ? new JsonObject { ["name"] = name, ["emptyDir"] = new JsonObject() }
            : new JsonObject { ["name"] = name, ["configMap"] = new JsonObject { ["name"] = $"cm-{random.Next(2)}" } })).ToArray();
        var containers = Pick(random, s_names).Take(Math.Max(1, random.Next(4))).Select(name => (JsonNode?)Container(random, name)).ToArray();
        if (containers.Length == 0)
        {
            containers = [Container(random, "web")];
        }

        var spec = new JsonObject { ["containers"] = new JsonArray(containers) };
        if (volumes.Length > 0)
        {
            spec["volumes"] = new JsonArray(volumes);
        }

        if (random.Next(3) == 0)
        {
            spec["restartPolicy"] = random.Next(2) == 0 ? "Always" : "Never";
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
    }

    private static JsonObject Container(Random random, string name)
    {
        var container = new JsonObject { ["name"] = name, ["image"] = $"{name}:{random.Next(3)}" };
        var env = Pick(random, ["A", "B", "C", "D"]).Select(e => (JsonNode?)new JsonObject { ["name"] = e, ["value"] = $"{random.Next(3)}" }).ToArray();
        if (env.Length > 0)
        {
            container["env"] = new JsonArray(env);
        }

        var ports = Pick(random, ["80", "443", "8080"]).Select(p => (JsonNode?)new JsonObject { ["containerPort"] = int.Parse(p, System.Globalization.CultureInfo.InvariantCulture), ["name"] = $"p{p}" }).ToArray();
        if (ports.Length > 0)
        {
            container["ports"] = new JsonArray(ports);
        }

        if (random.Next(2) == 0)
        {
            container["args"] = new JsonArray(Pick(random, ["-v", "--fast", "run"]).Select(a => (JsonNode?)a).ToArray());
        }

        return container;
    }

    /// <summary>A random subset in random order.</summary>
    private static string[] Pick(Random random, string[] pool) =>
        pool.Where(_ => random.Next(2) == 0).OrderBy(_ => random.Next()).ToArray();
}

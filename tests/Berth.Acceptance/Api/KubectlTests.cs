using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Berth.Acceptance.Api;

/// <summary>
/// The real kubectl against the real `berth server`: what a user types, checked by what the server
/// then holds. Backends run the same tests through subclasses.
/// </summary>
public abstract class KubectlTests(ApiServerProcess server)
{
    private readonly Kubectl _kubectl = new(server);

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private static string Deployment(string name, string image) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: web
                image: {{image}}
                ports:
                - containerPort: 80
              - name: sidecar
                image: busybox:1.36
                command: ["sleep", "3600"]
        """;

    private async Task<JsonObject> GetJsonAsync(params string[] args) =>
        JsonNode.Parse(await _kubectl.OkAsync(["get", .. args, "-o", "json"]))!.AsObject();

    [Fact]
    public async Task Apply_TwiceThenChanged_IsUnchangedThenPatchesOnlyTheChangedContainer()
    {
        var name = $"web-{Suffix()}";

        Assert.Contains("created", await _kubectl.ApplyAsync(Deployment(name, "nginx:1.25")));
        Assert.Contains("unchanged", await _kubectl.ApplyAsync(Deployment(name, "nginx:1.25")));
        var before = await GetJsonAsync("deployment", name);
        Assert.Contains("configured", await _kubectl.ApplyAsync(Deployment(name, "nginx:1.26")));
        var after = await GetJsonAsync("deployment", name);

        var containers = after["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal("nginx:1.26", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal("busybox:1.36", containers[1]!["image"]!.GetValue<string>());
        Assert.Equal(["sleep", "3600"], containers[1]!["command"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(1, before["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal(2, after["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal(before["metadata"]!["uid"]!.GetValue<string>(), after["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_DeploymentConfigMapAndSecret_StoresWhatKubectlSent()
    {
        var name = $"c-{Suffix()}";

        await _kubectl.OkAsync("create", "deployment", name, "--image=nginx:1.25", "--replicas=3", "--port=80");
        await _kubectl.OkAsync("create", "configmap", name, "--from-literal=color=blue", "--from-literal=size=10");
        await _kubectl.OkAsync("create", "secret", "generic", name, "--from-literal=password=s3cret");

        var deployment = await GetJsonAsync("deployment", name);
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("nginx:1.25", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(80, deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!.GetValue<int>());
        var configMap = await GetJsonAsync("configmap", name);
        Assert.Equal("blue", configMap["data"]!["color"]!.GetValue<string>());
        Assert.Equal("10", configMap["data"]!["size"]!.GetValue<string>());
        var secret = await GetJsonAsync("secret", name);
        Assert.Equal(Convert.ToBase64String("s3cret"u8.ToArray()), secret["data"]!["password"]!.GetValue<string>());
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_YamlJsonWideAndLabels_ShowTheObject()
    {
        var name = $"g-{Suffix()}";
        await _kubectl.ApplyAsync(Deployment(name, "nginx:1.25"));

        var yaml = await _kubectl.OkAsync("get", "deployment", name, "-o", "yaml");
        var wide = await _kubectl.OkAsync("get", "deployments", "-o", "wide");
        var labels = await _kubectl.OkAsync("get", "deployment", name, "--show-labels");
        var all = await _kubectl.OkAsync("get", "all", "-A");

        Assert.Contains($"name: {name}", yaml);
        Assert.Contains("resourceVersion:", yaml);
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR", wide);
        Assert.Contains("web,sidecar", wide);
        Assert.Contains($"app={name}", labels);
        Assert.Contains($"deployment.apps/{name}", all);
    }

    [Fact]
    public async Task GetWatch_SeesObjectsCreatedAndDeletedAfterItStarted()
    {
        var name = $"w-{Suffix()}";
        using var watch = Process.Start(_kubectl.StartInfo(["get", "configmaps", "-w", "--output-watch-events"]))!;
        try
        {
            var lines = new List<string>();
            var seen = new TaskCompletionSource();
            watch.OutputDataReceived += (_, e) =>
            {
                lock (lines)
                {
                    if (e.Data is not null)
                    {
                        lines.Add(e.Data);
                    }
                    if (lines.Any(l => l.StartsWith("DELETED") && l.Contains(name)))
                    {
                        seen.TrySetResult();
                    }
                }
            };
            watch.BeginOutputReadLine();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await _kubectl.OkAsync("create", "configmap", name, "--from-literal=a=b");
            await _kubectl.OkAsync("delete", "configmap", name);

            await seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
            lock (lines)
            {
                Assert.Contains(lines, l => l.StartsWith("ADDED") && l.Contains(name));
            }
        }
        finally
        {
            watch.Kill();
            await watch.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Describe_Deployment_ShowsItsSpec()
    {
        var name = $"d-{Suffix()}";
        await _kubectl.ApplyAsync(Deployment(name, "nginx:1.25"));

        var description = await _kubectl.OkAsync("describe", "deployment", name);

        Assert.Contains($"Name:                   {name}", description);
        Assert.Contains("2 desired", description);
        Assert.Contains("nginx:1.25", description);
        Assert.Contains("RollingUpdate", description);
    }

    [Fact]
    public async Task LabelAnnotatePatchAndScale_ChangeTheStoredObject()
    {
        var name = $"l-{Suffix()}";
        await _kubectl.ApplyAsync(Deployment(name, "nginx:1.25"));

        await _kubectl.OkAsync("label", "deployment", name, "tier=frontend");
        await _kubectl.OkAsync("annotate", "deployment", name, "owner=team-a");
        await _kubectl.OkAsync("patch", "deployment", name, "-p", """{"spec":{"minReadySeconds":5}}""");
        await _kubectl.OkAsync("patch", "deployment", name, "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":4}]""");
        await _kubectl.OkAsync("patch", "deployment", name, "--type=merge", "-p", """{"metadata":{"labels":{"stage":"test"}}}""");
        await _kubectl.OkAsync("scale", "deployment", name, "--replicas=6");

        var deployment = await GetJsonAsync("deployment", name);
        Assert.Equal("frontend", deployment["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal("test", deployment["metadata"]!["labels"]!["stage"]!.GetValue<string>());
        Assert.Equal("team-a", deployment["metadata"]!["annotations"]!["owner"]!.GetValue<string>());
        Assert.Equal(5, deployment["spec"]!["minReadySeconds"]!.GetValue<int>());
        Assert.Equal(6, deployment["spec"]!["replicas"]!.GetValue<int>());
        var selected = await _kubectl.OkAsync("get", "deployments", "-l", "tier=frontend,stage in (test)", "-o", "name");
        Assert.Equal($"deployment.apps/{name}", selected.Trim());
    }

    [Fact]
    public async Task JsonPatchReplace_OfAFieldTheObjectOmits_AddsIt()
    {
        var name = $"n-{Suffix()}";
        await _kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: Node
            metadata:
              name: {{name}}
            """);

        // kube-apiserver's JSON Patch applies a replace of an absent member as an add, and the Node reads back with "spec": {}.
        await _kubectl.OkAsync("patch", "node", name, "--type=json", "-p", """[{"op":"replace","path":"/spec/unschedulable","value":true}]""");

        var node = await GetJsonAsync("node", name);
        Assert.True(node["spec"]!["unschedulable"]!.GetValue<bool>());
        await _kubectl.OkAsync("delete", "node", name);
    }

    [Fact]
    public async Task DeleteAndWaitForDelete_RemoveTheObject()
    {
        var name = $"x-{Suffix()}";
        await _kubectl.OkAsync("create", "configmap", name, "--from-literal=a=b");
        await _kubectl.OkAsync("create", "configmap", $"{name}-2", "--from-literal=a=b");

        var wait = _kubectl.RunAsync("wait", "--for=delete", $"configmap/{name}-2", "--timeout=30s");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await _kubectl.OkAsync("delete", "configmap", $"{name}-2", "--wait=false");
        await _kubectl.OkAsync("delete", "configmap", name);

        Assert.Equal(0, (await wait).ExitCode);
        var missing = await _kubectl.RunAsync("get", "configmap", name);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"configmaps \"{name}\" not found", missing.Stderr);
    }

    [Fact]
    public async Task DeleteNamespace_EmptiesItThenRemovesIt()
    {
        var ns = $"ns-{Suffix()}";
        await _kubectl.OkAsync("create", "namespace", ns);
        await _kubectl.OkAsync("create", "configmap", "a", "-n", ns, "--from-literal=a=b");
        await _kubectl.ApplyAsync(Deployment("web", "nginx:1.25").Replace("  name: web\n", $"  name: web\n  namespace: {ns}\n"));

        await _kubectl.OkAsync("delete", "namespace", ns, "--timeout=60s");

        var gone = await _kubectl.RunAsync("get", "namespace", ns);
        Assert.Contains("not found", gone.Stderr);
        Assert.Contains("No resources found", (await _kubectl.RunAsync("get", "configmaps,deployments", "-n", ns)).Stderr);
    }

    [Fact]
    public async Task Explain_Field_DescribesItsType()
    {
        var explanation = await _kubectl.OkAsync("explain", "deployment.spec.replicas");

        Assert.Contains("KIND:       Deployment", explanation);
        Assert.Contains("FIELD: replicas <integer>", explanation);
        Assert.Contains("DESCRIPTION:", explanation);
    }

    [Fact]
    public async Task ApiResources_ListsTheServedResourcesWithShortNames()
    {
        var resources = await _kubectl.OkAsync("api-resources");

        Assert.Matches(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment", resources);
        Assert.Matches(@"pods\s+po\s+v1\s+true\s+Pod", resources);
        Assert.Matches(@"horizontalpodautoscalers\s+hpa\s+autoscaling/v2\s+true\s+HorizontalPodAutoscaler", resources);
        Assert.Matches(@"clusterroles\s+rbac.authorization.k8s.io/v1\s+false\s+ClusterRole", resources);
    }

    [Fact]
    public async Task ApiResources_FreshCache_UsesAggregatedDiscoveryInTwoRequests()
    {
        var cache = System.IO.Path.Combine(server.DataDir, $"cache-{Suffix()}");

        var result = await _kubectl.RunAsync("api-resources", "-v=6", "--cache-dir", cache);

        Assert.Equal(0, result.ExitCode);
        var requests = result.Stderr.Split('\n').Where(l => l.Contains("round_trippers.go") && l.Contains(" GET ")).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Contains(requests, r => r.Contains("/api?"));
        Assert.Contains(requests, r => r.Contains("/apis?"));
        Assert.Matches(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment", result.Stdout);
        Assert.Matches(@"leases\s+coordination.k8s.io/v1\s+true\s+Lease", result.Stdout);
    }

    [Fact]
    public async Task Diff_ChangedManifest_ShowsTheChangeAndExitsOne()
    {
        var name = $"f-{Suffix()}";
        await _kubectl.ApplyAsync(Deployment(name, "nginx:1.25"));

        var same = await _kubectl.RunWithStdinAsync(Deployment(name, "nginx:1.25"), "diff", "-f", "-");
        var changed = await _kubectl.RunWithStdinAsync(Deployment(name, "nginx:1.26"), "diff", "-f", "-");

        Assert.Equal(0, same.ExitCode);
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("-      - image: nginx:1.25", changed.Stdout);
        Assert.Contains("+      - image: nginx:1.26", changed.Stdout);
    }

    [Fact]
    public async Task CourseManifests_PodDeploymentAndService_ApplyUnchanged()
    {
        var name = $"m-{Suffix()}";
        var manifests = $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{name}}-pod
              labels: {app: {{name}}}
            spec:
              containers:
              - name: nginx
                image: nginx:1.25
                ports:
                - containerPort: 80
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {cpu: 100m, memory: 64Mi}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: {{name}}-svc
            spec:
              selector: {app: {{name}}}
              ports:
              - port: 80
                targetPort: 80
            """;

        var output = await _kubectl.ApplyAsync(manifests);
        var again = await _kubectl.ApplyAsync(manifests);

        Assert.Contains($"pod/{name}-pod created", output);
        Assert.Contains($"service/{name}-svc created", output);
        Assert.Contains($"pod/{name}-pod unchanged", again);
        Assert.Contains($"service/{name}-svc unchanged", again);
        var pod = await GetJsonAsync("pod", $"{name}-pod");
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("Guaranteed", pod["status"]!["qosClass"]!.GetValue<string>());
        var pods = await _kubectl.OkAsync("get", "pods");
        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE", pods);
    }

    [Fact]
    public async Task Apply_AList_CreatesEachItem_AndAnUnknownFieldInAnItemIsCaughtBeforeAnythingIsWritten()
    {
        var name = $"l-{Suffix()}";
        string List(string extra) => $$"""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: {{name}}-a}
              data: {x: "1"}
              {{extra}}
            - apiVersion: v1
              kind: Secret
              metadata: {name: {{name}}-b}
              stringData: {password: s3cret}
            """;

        // kubectl validates a List's items against the protobuf /openapi/v2 definitions.
        var bad = await _kubectl.RunWithStdinAsync(List("bogus: 1"), "apply", "-f", "-");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("unknown field \"bogus\" in io.k8s.api.core.v1.ConfigMap", bad.Stderr);
        Assert.Equal("", await _kubectl.OkAsync("get", "configmap", $"{name}-a", "--ignore-not-found", "-o", "name"));
        Assert.Equal("", await _kubectl.OkAsync("get", "secret", $"{name}-b", "--ignore-not-found", "-o", "name"));

        var output = await _kubectl.ApplyAsync(List(""));

        Assert.Contains($"configmap/{name}-a created", output);
        Assert.Contains($"secret/{name}-b created", output);
        Assert.Contains($"configmap/{name}-a unchanged", await _kubectl.ApplyAsync(List("")));
        Assert.Equal("1", (await _kubectl.OkAsync("get", "configmap", $"{name}-a", "-o", "jsonpath={.data.x}")).Trim());
    }

    [Fact]
    public async Task Apply_UnknownField_IsRejectedWithItsPath()
    {
        var manifest = Deployment($"u-{Suffix()}", "nginx:1.25").Replace("  replicas: 2", "  replicas: 2\n  replicaz: 3");

        var result = await _kubectl.RunWithStdinAsync(manifest, "apply", "-f", "-");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field \"spec.replicaz\"", result.Stderr);
    }

    [Fact]
    public async Task ApplyServerSide_ConflictForceAndDroppedFields_FollowFieldOwnership()
    {
        var name = $"ssa-{Suffix()}";
        var manifest = Deployment(name, "nginx:1.25");
        var withoutSidecar = manifest[..manifest.IndexOf("      - name: sidecar", StringComparison.Ordinal)];

        var created = await _kubectl.RunWithStdinAsync(manifest, "apply", "--server-side", "-f", "-");
        await _kubectl.OkAsync("patch", "deployment", name, "-p", """{"spec":{"replicas":3}}""");
        var conflict = await _kubectl.RunWithStdinAsync(manifest, "apply", "--server-side", "-f", "-");
        var forced = await _kubectl.RunWithStdinAsync(manifest, "apply", "--server-side", "--force-conflicts", "-f", "-");
        var afterForce = await GetJsonAsync("deployment", name, "--show-managed-fields");
        var dropped = await _kubectl.RunWithStdinAsync(withoutSidecar, "apply", "--server-side", "-f", "-");
        var final = await GetJsonAsync("deployment", name, "--show-managed-fields");

        Assert.Contains($"deployment.apps/{name} serverside-applied", created.Stdout);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using apps/v1: .spec.replicas", conflict.Stderr);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(2, afterForce["spec"]!["replicas"]!.GetValue<int>());
        var applier = Assert.Single(afterForce["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.GetValue<string>() == "kubectl")!;
        Assert.Equal("Apply", applier["operation"]!.GetValue<string>());
        Assert.NotNull(applier["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.NotNull(applier["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"sidecar\"}"]);
        Assert.Equal(0, dropped.ExitCode);
        Assert.Equal(["web"], final["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.DoesNotContain("kubectl-patch", final["metadata"]!["managedFields"]!.ToJsonString());
    }

    [Fact]
    public async Task ApplyServerSide_AfterScale_ConflictsWithTheScaleSubresourceWriter()
    {
        var name = $"sc-{Suffix()}";
        var manifest = Deployment(name, "nginx:1.25");
        await _kubectl.RunWithStdinAsync(manifest, "apply", "--server-side", "-f", "-");
        await _kubectl.OkAsync("scale", "deployment", name, "--replicas=4");

        var conflict = await _kubectl.RunWithStdinAsync(manifest, "apply", "--server-side", "-f", "-");
        var deployment = await GetJsonAsync("deployment", name, "--show-managed-fields");

        Assert.Contains("conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas", conflict.Stderr);
        Assert.Equal(4, deployment["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task ApplyServerSide_StatusSubresource_RecordsTheManagerWithItsSubresource()
    {
        // A claim: no controller runs for it here, so the applied status stays as applied.
        var name = $"st-{Suffix()}";
        var created = await _kubectl.RunWithStdinAsync($"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {{requests: {{storage: 1Gi}}}}\n", "create", "-f", "-");
        Assert.True(created.ExitCode == 0, created.Stderr);

        var status = await _kubectl.RunWithStdinAsync(
            $"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nstatus: {{phase: Bound, accessModes: [ReadWriteOnce]}}\n",
            "apply", "--server-side", "--subresource=status", "--field-manager=agent", "-f", "-");
        var claim = await GetJsonAsync("pvc", name, "--show-managed-fields");

        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Equal("Bound", claim["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("1Gi", claim["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
        var agent = Assert.Single(claim["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.GetValue<string>() == "agent")!;
        Assert.Equal(("status", "Apply"), (agent["subresource"]!.GetValue<string>(), agent["operation"]!.GetValue<string>()));
        Assert.NotNull(agent["fieldsV1"]!["f:status"]!["f:phase"]);
    }

    [Fact]
    public async Task CreateThenLabel_RecordUpdateManagersWithTheirFields()
    {
        var name = $"mf-{Suffix()}";
        await _kubectl.OkAsync("create", "configmap", name, "--from-literal=a=b");
        await _kubectl.OkAsync("label", "configmap", name, "tier=web");

        var yaml = await _kubectl.OkAsync("get", "configmap", name, "-o", "yaml", "--show-managed-fields");
        var hidden = await _kubectl.OkAsync("get", "configmap", name, "-o", "yaml");

        Assert.Matches(@"f:data:\s+\.: \{\}\s+f:a: \{\}\s+manager: kubectl-create\s+operation: Update", yaml);
        Assert.Matches(@"f:labels:\s+\.: \{\}\s+f:tier: \{\}\s+manager: kubectl-label\s+operation: Update", yaml);
        Assert.DoesNotContain("managedFields", hidden);
    }

    [Fact]
    public async Task Events_CoreAndEventsV1_AreOneStorageSeenThroughBothApis()
    {
        var name = $"ev-{Suffix()}";
        var manifests = $$"""
            apiVersion: v1
            kind: Event
            metadata: {name: {{name}}-core}
            involvedObject: {kind: Pod, name: {{name}}-a, namespace: default}
            reason: Started
            message: started container
            type: Normal
            source: {component: kubelet}
            count: 2
            ---
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: {{name}}-new}
            eventTime: "2026-01-01T00:00:00.000000Z"
            regarding: {kind: Pod, name: {{name}}-b, namespace: default}
            reason: Pulled
            note: pulled image
            type: Normal
            action: Pull
            reportingController: berth/agent
            reportingInstance: node-1
            """;
        await _kubectl.ApplyAsync(manifests);

        var coreAsNew = await GetJsonAsync("events.v1.events.k8s.io", $"{name}-core");
        var newAsCore = await GetJsonAsync("events.v1.", $"{name}-new");
        var selected = await _kubectl.OkAsync("get", "events.v1.events.k8s.io", "--field-selector", $"regarding.name={name}-b", "-o", "name");
        await _kubectl.OkAsync("delete", "events.v1.events.k8s.io", $"{name}-core");
        var gone = await _kubectl.RunAsync("get", "events.v1.", $"{name}-core");

        Assert.Equal("events.k8s.io/v1", coreAsNew["apiVersion"]!.GetValue<string>());
        Assert.Equal("started container", coreAsNew["note"]!.GetValue<string>());
        Assert.Equal($"{name}-a", coreAsNew["regarding"]!["name"]!.GetValue<string>());
        Assert.Equal(2, coreAsNew["deprecatedCount"]!.GetValue<int>());
        Assert.Equal("kubelet", coreAsNew["deprecatedSource"]!["component"]!.GetValue<string>());
        Assert.Equal("v1", newAsCore["apiVersion"]!.GetValue<string>());
        Assert.Equal("pulled image", newAsCore["message"]!.GetValue<string>());
        Assert.Equal($"{name}-b", newAsCore["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal("berth/agent", newAsCore["reportingComponent"]!.GetValue<string>());
        Assert.Equal($"event.events.k8s.io/{name}-new", selected.Trim());
        Assert.Contains("not found", gone.Stderr);
    }

    [Fact]
    public async Task CreateRaw_DuplicateFieldsUnderStrict_AreRejectedWithTheirPaths()
    {
        var name = $"dup-{Suffix()}";
        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","name":"{{{name}}}"},"data":{"a":"1","a":"2"}}""";
        var file = System.IO.Path.Combine(server.DataDir, $"{name}.json");
        await File.WriteAllTextAsync(file, body);

        var strict = await _kubectl.RunAsync("create", "--raw", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", "-f", file);
        var warn = await _kubectl.RunAsync("create", "--raw", "/api/v1/namespaces/default/configmaps?fieldValidation=Warn", "-f", file);

        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains(""""Error from server (BadRequest): ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name", duplicate field "data.a"""", strict.Stderr);
        Assert.Equal(0, warn.ExitCode);
        Assert.Contains(""""Warning: duplicate field "data.a"""", warn.Stderr);
        Assert.Equal("2", (await GetJsonAsync("configmap", name))["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_WithoutCredentials_IsAnonymousAndForbidden_WithABadToken_Unauthorized()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { BaseAddress = server.Address };

        var anonymous = await http.GetAsync("/api/v1/namespaces");
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        var badToken = await http.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal(403, JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        var status = JsonNode.Parse(await badToken.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(401, status["code"]!.GetValue<int>());
    }
}

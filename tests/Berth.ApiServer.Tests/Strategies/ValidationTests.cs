using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Strategies;

public class ValidationTests
{
    private static readonly GroupVersionKind s_deployment = new("apps", "v1", "Deployment");
    private static readonly GroupVersionKind s_pod = new("", "v1", "Pod");

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Deployment(string containers = """[{"name":"c","image":"nginx"}]""") => Obj(
        """{"metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":"""
        + containers + "}}}}");

    private static IReadOnlyList<FieldError> Create(JsonObject obj, GroupVersionKind gvk)
    {
        KindStrategies.For(gvk).Default(obj);
        return KindStrategies.For(gvk).ValidateCreate(obj);
    }

    [Fact]
    public void ValidateCreate_ValidDeployment_NoErrors()
    {
        Assert.Empty(Create(Deployment(), s_deployment));
    }

    [Fact]
    public void ValidateCreate_ContainerWithoutImage_RequiredValueWithKubernetesMessage()
    {
        var errors = Create(Deployment("""[{"name":"c"}]"""), s_deployment);
        var error = Assert.Single(errors);
        Assert.Equal("spec.template.spec.containers[0].image", error.Field);
        Assert.Equal("FieldValueRequired", error.Reason);
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.template.spec.containers[0].image: Required value", InvalidObjectStatus.Message(s_deployment, "web", errors));
    }

    [Fact]
    public void ValidateCreate_SelectorNotMatchingTemplate_Invalid()
    {
        var d = Deployment();
        d["spec"]!["selector"]!["matchLabels"]!["app"] = "other";
        var error = Assert.Single(Create(d, s_deployment));
        Assert.Equal("spec.template.metadata.labels", error.Field);
        Assert.Contains("`selector` does not match template `labels`", error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCreate_BadNameAndNegativeReplicas_ListsBothInBrackets()
    {
        var d = Deployment();
        d["metadata"]!["name"] = "Web_1";
        d["spec"]!["replicas"] = -1;
        var errors = Create(d, s_deployment);
        Assert.Equal(["metadata.name", "spec.replicas"], errors.Select(e => e.Field));
        var message = InvalidObjectStatus.Message(s_deployment, "Web_1", errors);
        Assert.StartsWith("Deployment.apps \"Web_1\" is invalid: [metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain", message, StringComparison.Ordinal);
        Assert.EndsWith("spec.replicas: Invalid value: -1: must be greater than or equal to 0]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCreate_PodProblems_EachReportedWithPathAndReason()
    {
        var pod = Obj("""
            {"metadata":{"name":"p","labels":{"bad key!":"v"}},"spec":{"restartPolicy":"Sometimes","containers":[
              {"name":"a","image":"x","ports":[{"containerPort":70000,"protocol":"HTTP"}]},
              {"name":"a","image":"y","volumeMounts":[{"name":"missing","mountPath":"/data"}]}]}}
            """);
        var errors = Create(pod, s_pod).Select(e => (e.Field, e.Reason)).ToList();
        Assert.Contains(("metadata.labels", "FieldValueInvalid"), errors);
        Assert.Contains(("spec.restartPolicy", "FieldValueNotSupported"), errors);
        Assert.Contains(("spec.containers[0].ports[0].containerPort", "FieldValueInvalid"), errors);
        Assert.Contains(("spec.containers[0].ports[0].protocol", "FieldValueNotSupported"), errors);
        Assert.Contains(("spec.containers[1].name", "FieldValueDuplicate"), errors);
        Assert.Contains(("spec.containers[1].volumeMounts[0].name", "FieldValueNotFound"), errors);
    }

    [Theory]
    [InlineData("data", 0)]
    [InlineData("logs", 1)]
    public void ValidateCreate_StatefulSetMount_MayNameAClaimTemplate(string mount, int errors)
    {
        var sts = Deployment($$"""[{"name":"c","image":"nginx","volumeMounts":[{"name":"{{mount}}","mountPath":"/data"}]}]""");
        sts["spec"]!["volumeClaimTemplates"] = JsonNode.Parse("""[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"]}}]""");

        var found = Create(sts, new GroupVersionKind("apps", "v1", "StatefulSet"));

        Assert.Equal(errors, found.Count(e => e.Field == "spec.template.spec.containers[0].volumeMounts[0].name"));
    }

    [Theory]
    [InlineData("""{"grpc":{"port":9090}}""", null)]
    [InlineData("""{"grpc":{"port":9090,"service":"shop.Cart"},"periodSeconds":1}""", null)]
    [InlineData("""{"grpc":{"port":0}}""", "spec.containers[0].readinessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("""{"grpc":{}}""", "spec.containers[0].readinessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("""{"grpc":{"port":70000}}""", "spec.containers[0].readinessProbe.grpc.port: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("""{"tcpSocket":{"port":80},"grpc":{"port":9090}}""", "spec.containers[0].readinessProbe.grpc: Forbidden: may not specify more than 1 handler type")]
    [InlineData("""{"periodSeconds":1}""", "spec.containers[0].readinessProbe: Required value: must specify a handler type")]
    public void ValidateCreate_ProbeHandler_AsKubeWordsIt(string probe, string? error)
    {
        var pod = Obj($$$"""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x","readinessProbe":{{{probe}}}}]}}""");

        var errors = Create(pod, s_pod).Select(e => e.ToString());

        Assert.Equal(error is null ? [] : [error], errors);
    }

    [Fact]
    public void ValidateCreate_PodWithoutContainers_Required()
    {
        var error = Assert.Single(Create(Obj("""{"metadata":{"name":"p"},"spec":{}}"""), s_pod));
        Assert.Equal("spec.containers: Required value", error.ToString());
    }

    [Fact]
    public void NotSupported_Message_ListsSupportedValues()
    {
        var error = FieldError.NotSupported("spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"]);
        Assert.Equal("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"", error.ToString());
    }

    [Fact]
    public void ValidateCreate_ServiceTwoUnnamedPorts_NameRequired()
    {
        var svc = Obj("""{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80},{"port":443}]}}""");
        var errors = Create(svc, new GroupVersionKind("", "v1", "Service"));
        Assert.Equal(["spec.ports[0].name", "spec.ports[1].name"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ValidateCreate_ServiceNameStartingWithDigit_InvalidDns1035()
    {
        var svc = Obj("""{"metadata":{"name":"1web"},"spec":{"ports":[{"port":80}]}}""");
        var error = Assert.Single(Create(svc, new GroupVersionKind("", "v1", "Service")));
        Assert.Contains("DNS-1035", error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCreate_JobWithRestartAlways_NotSupported()
    {
        var job = Obj("""{"metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Always","containers":[{"name":"c","image":"x"}]}}}}""");
        var error = Assert.Single(Create(job, new GroupVersionKind("batch", "v1", "Job")));
        Assert.Equal("spec.template.spec.restartPolicy", error.Field);
    }

    [Fact]
    public void ValidateCreate_CronJobBadSchedule_Invalid()
    {
        var cj = Obj("""{"metadata":{"name":"c"},"spec":{"schedule":"every minute","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"x"}]}}}}}}""");
        var error = Assert.Single(Create(cj, new GroupVersionKind("batch", "v1", "CronJob")));
        Assert.Equal("spec.schedule", error.Field);
    }

    [Theory]
    [InlineData("\"schedule\":\"61 * * * *\"", "spec.schedule", "end of range (61) above maximum (59): 61")]
    [InlineData("\"schedule\":\"0 0 * * 7\"", "spec.schedule", "end of range (7) above maximum (6): 7")]
    [InlineData("\"schedule\":\"CRON_TZ=UTC * * * * *\"", "spec.schedule", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")]
    [InlineData("\"schedule\":\"@hourly\",\"timeZone\":\"Europe/Pariss\"", "spec.timeZone", "unknown time zone Europe/Pariss")]
    [InlineData("\"schedule\":\"@hourly\",\"timeZone\":\"\"", "spec.timeZone", "timeZone must be nil or non-empty string")]
    [InlineData("\"schedule\":\"@hourly\",\"startingDeadlineSeconds\":-1", "spec.startingDeadlineSeconds", null)]
    public void ValidateCreate_CronJobScheduleAndZone_AsKubeWordsThem(string fields, string field, string? detail)
    {
        var cj = CronJob(fields);
        var error = Assert.Single(Create(cj, new GroupVersionKind("batch", "v1", "CronJob")));
        Assert.Equal(field, error.Field);
        if (detail is not null)
        {
            Assert.Equal(detail, error.Detail);
        }
    }

    [Theory]
    [InlineData("\"schedule\":\"*/5 * * * *\",\"timeZone\":\"America/New_York\"")]
    [InlineData("\"schedule\":\"@every 90s\"")]
    [InlineData("\"schedule\":\"0 0 1,15 * MON-FRI\"")]
    public void ValidateCreate_CronJobSchedulesKubeAccepts_Valid(string fields)
    {
        var cj = CronJob(fields);
        Assert.Empty(Create(cj, new GroupVersionKind("batch", "v1", "CronJob")));
    }

    private static JsonObject CronJob(string specFields) =>
        Obj("""{"metadata":{"name":"c"},"spec":{""" + specFields + ""","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"x"}]}}}}}}""");

    [Fact]
    public void ValidateUpdate_DeploymentSelectorChanged_Immutable()
    {
        var old = Deployment();
        var updated = Deployment();
        updated["spec"]!["selector"]!["matchLabels"]!["app"] = "web2";
        updated["spec"]!["template"]!["metadata"]!["labels"]!["app"] = "web2";
        var error = Assert.Single(KindStrategies.For(s_deployment).ValidateUpdate(updated, old));
        Assert.Equal("spec.selector", error.Field);
        Assert.EndsWith("field is immutable", error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateUpdate_PodImageChange_AllowedButCommandChangeForbidden()
    {
        var old = Obj("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1"}]}}""");
        KindStrategies.For(s_pod).Default(old);
        var image = (JsonObject)old.DeepClone();
        image["spec"]!["containers"]![0]!["image"] = "nginx:2";
        Assert.Empty(KindStrategies.For(s_pod).ValidateUpdate(image, old));

        var command = (JsonObject)old.DeepClone();
        command["spec"]!["containers"]![0]!["command"] = new JsonArray("sh");
        var error = Assert.Single(KindStrategies.For(s_pod).ValidateUpdate(command, old));
        Assert.Equal("spec", error.Field);
        Assert.Equal("FieldValueForbidden", error.Reason);
    }

    [Fact]
    public void ValidateUpdate_PodNodeName_SetOnceByBindingThenImmutable()
    {
        var unbound = Obj("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1"}]}}""");
        KindStrategies.For(s_pod).Default(unbound);
        var bound = (JsonObject)unbound.DeepClone();
        bound["spec"]!["nodeName"] = "n1";
        Assert.Empty(KindStrategies.For(s_pod).ValidateUpdate(bound, unbound));

        var moved = (JsonObject)bound.DeepClone();
        moved["spec"]!["nodeName"] = "n2";
        Assert.Equal("spec", Assert.Single(KindStrategies.For(s_pod).ValidateUpdate(moved, bound)).Field);
    }

    [Fact]
    public void ValidateUpdate_ImmutableConfigMapDataChanged_Forbidden()
    {
        var gvk = new GroupVersionKind("", "v1", "ConfigMap");
        var old = Obj("""{"metadata":{"name":"c"},"immutable":true,"data":{"a":"1"}}""");
        var updated = Obj("""{"metadata":{"name":"c"},"immutable":true,"data":{"a":"2"}}""");
        var error = Assert.Single(KindStrategies.For(gvk).ValidateUpdate(updated, old));
        Assert.Equal("data: Forbidden: field is immutable when `immutable` is set", error.ToString());
    }

    [Fact]
    public void InvalidObjectStatus_Create_HasCausesAndCode()
    {
        var status = InvalidObjectStatus.Create(s_deployment, "web", [FieldError.Required("spec.selector")]);
        Assert.Equal(422, status["code"]!.GetValue<int>());
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.Equal("apps", status["details"]!["group"]!.GetValue<string>());
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueRequired", cause["reason"]!.GetValue<string>());
        Assert.Equal("Required value", cause["message"]!.GetValue<string>());
        Assert.Equal("spec.selector", cause["field"]!.GetValue<string>());
    }

    [Fact]
    public void ValidateCreate_BadFinalizerAndTwoControllers_Invalid()
    {
        var cm = Obj("""
            {"metadata":{"name":"c","finalizers":["bad finalizer"],"ownerReferences":[
              {"apiVersion":"v1","kind":"A","name":"a","uid":"1","controller":true},{"apiVersion":"v1","kind":"B","name":"b","uid":"2","controller":true}]}}
            """);
        var errors = Create(cm, new GroupVersionKind("", "v1", "ConfigMap"));
        Assert.Equal(["metadata.finalizers[0]", "metadata.ownerReferences"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ValidateCreate_IngressPathWithoutPathType_Required()
    {
        var ingress = Obj("""{"metadata":{"name":"i"},"spec":{"rules":[{"host":"a.example","http":{"paths":[{"path":"/","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}""");
        var error = Assert.Single(Create(ingress, new GroupVersionKind("networking.k8s.io", "v1", "Ingress")));
        Assert.Equal("spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified", error.ToString());
    }

    [Fact]
    public void ValidateCreate_EndpointSliceBadAddressType_NotSupported()
    {
        var slice = Obj("""{"metadata":{"name":"s"},"addressType":"IPv5","endpoints":[{"addresses":["10.0.0.1"]}],"ports":[{"port":80}]}""");
        var error = Assert.Single(Create(slice, new GroupVersionKind("discovery.k8s.io", "v1", "EndpointSlice")));
        Assert.Equal("addressType", error.Field);
        Assert.Equal("FieldValueNotSupported", error.Reason);
    }

    [Theory]
    [InlineData("ok.example.com", true)]
    [InlineData("a", true)]
    [InlineData("-a", false)]
    [InlineData("A", false)]
    [InlineData("a..b", false)]
    [InlineData("a\n", false)]
    public void Dns1123Subdomain_Value_AcceptsAsKubernetes(string value, bool valid)
    {
        Assert.Equal(valid, NameRules.Dns1123Subdomain(value).Count == 0);
    }

    [Theory]
    [InlineData("app", true)]
    [InlineData("example.com/app", true)]
    [InlineData("app.kubernetes.io/name", true)]
    [InlineData("/app", false)]
    [InlineData("a/b/c", false)]
    [InlineData("bad key", false)]
    public void QualifiedName_Key_AcceptsAsKubernetes(string value, bool valid)
    {
        Assert.Equal(valid, NameRules.QualifiedName(value).Count == 0);
    }
}

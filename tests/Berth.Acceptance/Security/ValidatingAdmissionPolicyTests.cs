using Berth.Acceptance.Api;

namespace Berth.Acceptance.Security;

/// <summary>
/// ValidatingAdmissionPolicy with the real kubectl: a policy and its binding applied as YAML, then a
/// Deployment that breaks the CEL rule is refused with kube's message and not stored, one that keeps it
/// is created; a Warn binding lets the write through with kube's warning; a policy whose CEL does not
/// compile is refused. Each binding selects only its own test's namespace.
/// </summary>
public sealed class ValidatingAdmissionPolicyTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task ADenyBinding_RefusesAViolatingDeployment_WithKubesMessage_AndStoresNothing()
    {
        var ns = await NamespaceAsync("vap-deny");
        var applied = await Kubectl.RunWithStdinAsync(Policy("max-replicas", "object.spec.replicas <= 5") + Binding("max-replicas-binding", "max-replicas", "Deny", ns), "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.Stderr);
        Assert.Contains("validatingadmissionpolicy.admissionregistration.k8s.io/max-replicas created", applied.Stdout);
        Assert.Contains("validatingadmissionpolicybinding.admissionregistration.k8s.io/max-replicas-binding created", applied.Stdout);

        var refused = await Kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "--replicas=10", "-n", ns);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Equal(
            "error: failed to create deployment: deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: failed expression: object.spec.replicas <= 5",
            refused.Stderr.Trim());
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "deployment", "web", "-n", ns)).Stderr);
        Assert.Contains("deployment.apps/small created", await Kubectl.OkAsync("create", "deployment", "small", "--image=nginx", "--replicas=3", "-n", ns));
        var scaled = await Kubectl.RunAsync("patch", "deployment", "small", "-n", ns, "--type=merge", "-p", """{"spec":{"replicas":7}}""");
        Assert.Contains("denied request: failed expression: object.spec.replicas <= 5", scaled.Stderr);
    }

    [Fact]
    public async Task AWarnBinding_CreatesTheDeployment_AndKubectlPrintsKubesWarning()
    {
        var ns = await NamespaceAsync("vap-warn");
        await Kubectl.ApplyAsync(Policy("no-latest", "object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))", "message: \"images must be pinned\"")
            + Binding("no-latest-binding", "no-latest", "Warn", ns));

        var created = await Kubectl.RunAsync("create", "deployment", "web", "--image=nginx:latest", "-n", ns);

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Warning: Validation failed for ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest-binding': images must be pinned", created.Stderr);
        Assert.Contains("deployment.apps/web created", created.Stdout);
    }

    [Fact]
    public async Task ADeletePolicy_KeepsAProtectedConfigMap_AndLetsOthersGo()
    {
        var ns = await NamespaceAsync("vap-del");
        await Kubectl.ApplyAsync("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: keep-protected
            spec:
              matchConstraints:
                resourceRules:
                - {apiGroups: [""], apiVersions: [v1], operations: [DELETE], resources: [configmaps]}
              validations:
              - expression: "object == null && (!has(oldObject.metadata.labels) || !('protected' in oldObject.metadata.labels))"
                messageExpression: "'configmap ' + oldObject.metadata.name + ' is protected'"

            """ + Binding("keep-protected-binding", "keep-protected", "Deny", ns));
        await Kubectl.OkAsync("create", "configmap", "precious", "-n", ns);
        await Kubectl.OkAsync("label", "configmap", "precious", "protected=yes", "-n", ns);
        await Kubectl.OkAsync("create", "configmap", "scratch", "-n", ns);

        var refused = await Kubectl.RunAsync("delete", "configmap", "precious", "-n", ns);

        // kubectl renders kube's 422 with its one field-less cause, as against kube-apiserver.
        Assert.Contains("The configmaps \"precious\" is invalid: : ValidatingAdmissionPolicy 'keep-protected' with binding 'keep-protected-binding' denied request: configmap precious is protected", refused.Stderr);
        Assert.Contains("precious", await Kubectl.OkAsync("get", "configmap", "precious", "-n", ns));
        Assert.Contains("configmap \"scratch\" deleted", await Kubectl.OkAsync("delete", "configmap", "scratch", "-n", ns));
    }

    [Fact]
    public async Task AConfigMapParam_HoldsTheLimit_PerNamespace_AndAMissingOneDeniesWithKubesWords()
    {
        var ns = await NamespaceAsync("vap-param");
        var bare = await NamespaceAsync("vap-noparam");
        await Kubectl.OkAsync("create", "configmap", "replica-limit", "--from-literal=maxReplicas=3", "-n", ns);
        await Kubectl.ApplyAsync($$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: replica-limit-{{ns}}
            spec:
              paramKind: {apiVersion: v1, kind: ConfigMap}
              matchConstraints:
                resourceRules:
                - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
              validations:
              - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
                messageExpression: "'replicas must be at most ' + params.data.maxReplicas + ' in ' + namespaceObject.metadata.name.upperAscii()"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: replica-limit-{{ns}}
            spec:
              policyName: replica-limit-{{ns}}
              validationActions: [Deny]
              paramRef: {name: replica-limit, parameterNotFoundAction: Deny}
              matchResources:
                namespaceSelector:
                  matchExpressions:
                  - {key: kubernetes.io/metadata.name, operator: In, values: [{{ns}}, {{bare}}]}

            """);

        var refused = await Kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "--replicas=4", "-n", ns);
        var unconfigured = await Kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "--replicas=1", "-n", bare);

        Assert.Equal(
            $"error: failed to create deployment: deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'replica-limit-{ns}' with binding 'replica-limit-{ns}' denied request: replicas must be at most 3 in {ns.ToUpperInvariant()}",
            refused.Stderr.Trim());
        Assert.Contains("deployment.apps/small created", await Kubectl.OkAsync("create", "deployment", "small", "--image=nginx", "--replicas=3", "-n", ns));
        Assert.Equal(
            $"error: failed to create deployment: deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'replica-limit-{ns}' with binding 'replica-limit-{ns}' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
            unconfigured.Stderr.Trim());
        await Kubectl.OkAsync("patch", "configmap", "replica-limit", "-n", ns, "--type=merge", "-p", """{"data":{"maxReplicas":"5"}}""");
        Assert.Contains("deployment.apps/web created", await Kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=4", "-n", ns));
    }

    [Fact]
    public async Task ABindingWithAParamRefNamingAndSelecting_IsRefusedWithKubesFieldErrors()
    {
        var refused = await Kubectl.RunWithStdinAsync("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: both
            spec:
              policyName: anything
              validationActions: [Deny]
              paramRef: {name: limits, selector: {}}

            """, "apply", "-f", "-");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("spec.paramRef.name: Forbidden: name and selector are mutually exclusive", refused.Stderr);
        Assert.Contains("spec.paramRef.parameterNotFoundAction: Required value", refused.Stderr);
    }

    [Fact]
    public async Task APolicyWhoseCelDoesNotCompile_IsRefused()
    {
        var refused = await Kubectl.RunWithStdinAsync(Policy("broken", "object.spec.replicas <="), "apply", "-f", "-");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("The ValidatingAdmissionPolicy \"broken\" is invalid: spec.validations[0].expression: Invalid value: \"object.spec.replicas <=\": compilation failed: ", refused.Stderr);
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "validatingadmissionpolicy", "broken")).Stderr);
    }

    private static string Policy(string name, string expression, string extra = "") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: {name}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - apiGroups: ["apps"]
              apiVersions: ["v1"]
              operations: ["CREATE", "UPDATE"]
              resources: ["deployments"]
          validations:
          - expression: "{expression}"
            {extra}

        """;

    private static string Binding(string name, string policy, string action, string ns) => $"""
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: {name}
        spec:
          policyName: {policy}
          validationActions: [{action}]
          matchResources:
            namespaceSelector:
              matchLabels:
                kubernetes.io/metadata.name: {ns}

        """;

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid():N}"[..16];
        await Kubectl.OkAsync("create", "namespace", ns);
        return ns;
    }
}

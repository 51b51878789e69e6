using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl.Policies;

namespace Berth.ApiServer.Tests.AdmissionControl.Policies;

public class PolicyEvaluatorTests
{
    private const string Deployment = """
        {"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":10,"template":{"spec":{"containers":[{"name":"c","image":"nginx:latest"}]}}}}
        """;

    private static readonly PolicyEvaluator Evaluator = new(new CelCompiler());

    private static IReadOnlyList<PolicyViolation> Evaluate(string validations, string extraSpec = "", string? oldObject = null) =>
        Evaluator.Evaluate(JsonNode.Parse($$$"""{"metadata":{"name":"p"},"spec":{"validations":{{{validations}}}{{{extraSpec}}}}}""")!.AsObject(), new Dictionary<string, object?>
        {
            ["object"] = CelValues.From(JsonNode.Parse(Deployment)),
            ["oldObject"] = CelValues.From(oldObject is null ? null : JsonNode.Parse(oldObject)),
            ["request"] = new Dictionary<string, object?> { ["operation"] = "CREATE", ["userInfo"] = new Dictionary<string, object?> { ["username"] = "alice" } },
            ["params"] = null,
        });

    [Theory]
    [InlineData("object.spec.replicas <= 50")]
    [InlineData("has(object.spec.replicas) && !has(object.spec.paused)")]
    [InlineData("size(object.spec.template.spec.containers) == 1")]
    [InlineData("object.spec.template.spec.containers.exists(c, c.name == 'c')")]
    [InlineData("object.metadata.name.startsWith('we') && object.metadata.name.matches('^w[a-z]+$')")]
    [InlineData("'app' in object.metadata.labels && object.metadata.labels.app == 'web'")]
    [InlineData("oldObject == null && request.operation == 'CREATE' && request.userInfo.username == 'alice'")]
    public void Evaluate_TrueExpressions_Admit(string expression) =>
        Assert.Empty(Evaluate($$"""[{"expression":"{{expression.Replace("\"", "\\\"")}}"}]"""));

    [Fact]
    public void Evaluate_FalseExpression_IsKubesFailedExpressionMessage_ReasonInvalid()
    {
        var violation = Assert.Single(Evaluate("""[{"expression":"object.spec.replicas > 0"},{"expression":" object.spec.replicas <= 5 "}]"""));

        Assert.Equal(new PolicyViolation(1, "failed expression: object.spec.replicas <= 5", "Invalid"), violation);
    }

    [Fact]
    public void Evaluate_MessageExpression_ThenMessage_AndTheReasonGiven()
    {
        var violations = Evaluate("""
            [{"expression":"object.spec.replicas <= 5","messageExpression":"'replicas ' + string(object.spec.replicas) + ' is over 5'","message":"too many","reason":"Forbidden"},
             {"expression":"object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))","messageExpression":"object.spec.replicas","message":" no latest tags "}]
            """);

        Assert.Equal([new PolicyViolation(0, "replicas 10 is over 5", "Forbidden"), new PolicyViolation(1, "no latest tags", "Invalid")], violations);
    }

    [Fact]
    public void Evaluate_OldObject_ComparesAnUpdate()
    {
        var violation = Assert.Single(Evaluate("""[{"expression":"oldObject == null || object.spec.replicas <= oldObject.spec.replicas","message":"no scale up"}]""", oldObject: """{"spec":{"replicas":3}}"""));

        Assert.Equal("no scale up", violation.Message);
    }

    [Fact]
    public void Evaluate_AnExpressionThatFails_RefusesWithKubesWording_UnlessFailurePolicyIgnore()
    {
        var violation = Assert.Single(Evaluate("""[{"expression":"object.spec.nope <= 5"}]"""));

        Assert.StartsWith("expression 'object.spec.nope <= 5' resulted in error: ", violation.Message);
        Assert.Contains("nope", violation.Message);
        Assert.Empty(Evaluate("""[{"expression":"object.spec.nope <= 5"}]""", ""","failurePolicy":"Ignore" """));
    }

    [Fact]
    public void Evaluate_MatchConditions_AFalseOneSkipsThePolicy()
    {
        var validations = """[{"expression":"object.spec.replicas <= 5"}]""";

        Assert.Empty(Evaluate(validations, ""","matchConditions":[{"name":"only-bob","expression":"request.userInfo.username == 'bob'"}]"""));
        Assert.Single(Evaluate(validations, ""","matchConditions":[{"name":"only-alice","expression":"request.userInfo.username == 'alice'"}]"""));
    }

    [Fact]
    public void Evaluate_Variables_AreBoundInOrder_ForValidationsAndMessages()
    {
        var violation = Assert.Single(Evaluate(
            """[{"expression":"variables.replicas <= variables.limit","messageExpression":"'replicas ' + string(variables.replicas) + ' over ' + string(variables.limit)"}]""",
            ""","variables":[{"name":"replicas","expression":"object.spec.replicas"},{"name":"limit","expression":"variables.replicas > 8 ? 5 : 10"}]"""));

        Assert.Equal("replicas 10 over 5", violation.Message);
    }

    [Fact]
    public void CompileError_SaysWhy_AndNullForAGoodExpression()
    {
        var compiler = new CelCompiler();

        Assert.NotNull(compiler.CompileError("object.spec.replicas <="));
        Assert.Null(compiler.CompileError("object.spec.replicas <= 5"));
    }
}

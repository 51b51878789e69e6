using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;
using Cel;

namespace Berth.ApiServer.AdmissionControl.Policies;

/// <summary>
/// One ValidatingAdmissionPolicy's CEL over one write (kube's validator.go): matchConditions first
/// (any false skips the policy), then each validation; a false one is refused with its
/// messageExpression's string, else its message, else <c>failed expression: EXPR</c>, and its reason
/// (Invalid by default); an expression that fails to evaluate refuses with kube's
/// <c>expression 'EXPR' resulted in error: WHY</c> unless failurePolicy is Ignore. spec.variables
/// are bound as <c>variables.NAME</c>.
/// </summary>
public sealed class PolicyEvaluator(CelCompiler compiler)
{
    /// <summary>The failed validations of the policy for these variables; empty when it admits.</summary>
    public IReadOnlyList<PolicyViolation> Evaluate(JsonObject policy, IDictionary<string, object?> variables)
    {
        var ignoreErrors = policy.Str("spec", "failurePolicy") == "Ignore";
        foreach (var condition in policy.Objects("spec", "matchConditions"))
        {
            var expression = condition.Str("expression") ?? "";
            switch (Run(expression, variables))
            {
                case (false, _):
                    return [];
                case (not true, var error):
                    return ignoreErrors ? [] : [new PolicyViolation(-1, $"failed to evaluate matchCondition '{condition.Str("name")}': {error}", "Invalid")];
            }
        }

        variables = WithComposition(policy, variables);
        var violations = new List<PolicyViolation>();
        foreach (var (validation, index) in policy.Objects("spec", "validations").Select((v, i) => (v, i)))
        {
            var expression = validation.Str("expression") ?? "";
            switch (Run(expression, variables))
            {
                case (true, _):
                    break;
                case (false, _):
                    violations.Add(new PolicyViolation(index, Message(validation, expression, variables), validation.Str("reason") ?? "Invalid"));
                    break;
                case (_, var error) when !ignoreErrors:
                    violations.Add(new PolicyViolation(index, error!, "Invalid"));
                    break;
            }
        }
        return violations;
    }

    /// <summary>
    /// spec.variables in order as <c>variables.NAME</c> (each may use the ones before it), for the
    /// validations and messages but not matchConditions, as kube. A variable that fails to evaluate is
    /// left out, so only an expression that uses it fails.
    /// </summary>
    private IDictionary<string, object?> WithComposition(JsonObject policy, IDictionary<string, object?> variables)
    {
        var definitions = policy.Objects("spec", "variables").ToList();
        if (definitions.Count == 0)
        {
            return variables;
        }
        var composed = new Dictionary<string, object?>();
        var scope = new Dictionary<string, object?>(variables) { ["variables"] = composed };
        foreach (var definition in definitions)
        {
            try
            {
                composed[definition.Str("name") ?? ""] = compiler.Compile(definition.Str("expression") ?? "").Invoke(scope);
            }
            catch (CelException)
            {
                // kube evaluates variables lazily: the error belongs to the expressions that read it.
            }
        }
        return scope;
    }

    /// <summary>The boolean an expression gives, or why it gives none.</summary>
    private (bool? Result, string? Error) Run(string expression, IDictionary<string, object?> variables)
    {
        try
        {
            return compiler.Compile(expression).Invoke(variables) is bool result
                ? (result, null)
                : (null, $"expression '{expression}' resulted in error: no such overload: result is not a bool");
        }
        catch (CelException e)
        {
            return (null, $"expression '{expression}' resulted in error: {e.Message}");
        }
    }

    private string Message(JsonObject validation, string expression, IDictionary<string, object?> variables)
    {
        if (validation.Str("messageExpression") is { Length: > 0 } messageExpression)
        {
            try
            {
                // kube drops a message that is not a string, blank, or more than one line.
                if (compiler.Compile(messageExpression).Invoke(variables) is string text && text.Trim() is { Length: > 0 } message && !message.Contains('\n'))
                {
                    return message;
                }
            }
            catch (CelException)
            {
                // kube logs a failing messageExpression and falls back to the message.
            }
        }
        return validation.Str("message")?.Trim() is { Length: > 0 } fixedMessage ? fixedMessage : $"failed expression: {expression.Trim()}";
    }
}

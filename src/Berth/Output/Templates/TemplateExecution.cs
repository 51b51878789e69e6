using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Cli.Output.Templates;

/// <summary>Runs a parsed template on one value, as Go's text/template executes: dot, variables ($ is the value), pipelines, branches and loops.</summary>
public sealed class TemplateExecution
{
    private readonly object? _root;
    private readonly List<(string Name, object? Value)> _variables = [];
    private readonly StringBuilder _output = new();

    private TemplateExecution(object? root)
    {
        _root = root;
        _variables.Add(("", root));
    }

    /// <summary>The text <paramref name="nodes"/> print with <paramref name="root"/> as dot.</summary>
    public static string Run(IReadOnlyList<TemplateNode> nodes, object? root)
    {
        var execution = new TemplateExecution(root);
        execution.Walk(nodes, root);
        return execution._output.ToString();
    }

    private enum Flow
    {
        Next,
        Break,
        Continue,
    }

    private Flow Walk(IReadOnlyList<TemplateNode> nodes, object? dot)
    {
        // Variables declared in a list live until its end ({{end}} of the enclosing branch).
        var scope = _variables.Count;
        try
        {
            foreach (var node in nodes)
            {
                var flow = node switch
                {
                    TextNode text => Write(text.Text),
                    ActionNode action => Action(action.Pipeline, dot),
                    BranchNode branch => Branch(branch, dot),
                    LoopControlNode control => control.IsBreak ? Flow.Break : Flow.Continue,
                    _ => Flow.Next,
                };
                if (flow != Flow.Next)
                {
                    return flow;
                }
            }
            return Flow.Next;
        }
        finally
        {
            _variables.RemoveRange(scope, _variables.Count - scope);
        }
    }

    private Flow Write(string text)
    {
        _output.Append(text);
        return Flow.Next;
    }

    private Flow Action(Pipeline pipeline, object? dot)
    {
        var value = Evaluate(pipeline, dot, structured: false);
        return pipeline.Variables.Count == 0 ? Write(GoValues.Print(value)) : Flow.Next;
    }

    private Flow Branch(BranchNode branch, object? dot)
    {
        var scope = _variables.Count;
        try
        {
            if (branch.Kind == BranchKind.Range)
            {
                return Range(branch, dot);
            }
            var value = Evaluate(branch.Pipeline, dot, structured: branch.Kind == BranchKind.With);
            return GoValues.IsTrue(value) ? Walk(branch.Body, branch.Kind == BranchKind.With ? value : dot) : Walk(branch.Else, dot);
        }
        finally
        {
            _variables.RemoveRange(scope, _variables.Count - scope);
        }
    }

    private Flow Range(BranchNode branch, object? dot)
    {
        // The pipeline is evaluated without its variables: those take each key and element in turn.
        var collection = Evaluate(branch.Pipeline with { Variables = [] }, dot, structured: true);
        var items = collection switch
        {
            JsonArray array => array.Select((item, i) => ((object?)(long)i, GoValues.FromJson(item))).ToList(),
            JsonObject obj => obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ((object?)p.Key, GoValues.FromJson(p.Value))).ToList(),
            long count => [.. Enumerable.Range(0, (int)Math.Max(0, count)).Select(i => ((object?)(long)i, (object?)(long)i))],
            null or GoValues.NoValue => [],
            _ => throw new InvalidArgumentException($"template: range can't iterate over {GoValues.Print(collection)}"),
        };
        if (items.Count == 0)
        {
            return Walk(branch.Else, dot);
        }
        var scope = _variables.Count;
        foreach (var (key, element) in items)
        {
            _variables.RemoveRange(scope, _variables.Count - scope);
            if (branch.Pipeline.Variables.Count == 2)
            {
                _variables.Add((branch.Pipeline.Variables[0], key));
                _variables.Add((branch.Pipeline.Variables[1], element));
            }
            else if (branch.Pipeline.Variables.Count == 1)
            {
                _variables.Add((branch.Pipeline.Variables[0], element));
            }
            if (Walk(branch.Body, element) == Flow.Break)
            {
                break;
            }
        }
        return Flow.Next;
    }

    /// <param name="structured">Whether a row's field is wanted as its JSON (a list, a map) rather than its printed text.</param>
    private object? Evaluate(Pipeline pipeline, object? dot, bool structured)
    {
        object? value = null;
        for (var i = 0; i < pipeline.Commands.Count; i++)
        {
            value = Command(pipeline.Commands[i], dot, i == 0 ? null : new Piped(value), structured);
        }
        if (pipeline.Variables.Count > 0)
        {
            if (pipeline.IsAssignment)
            {
                var index = _variables.FindLastIndex(v => v.Name == pipeline.Variables[0]);
                _variables[index >= 0 ? index : throw new InvalidArgumentException($"template: undefined variable: ${pipeline.Variables[0]}")] = (pipeline.Variables[0], value);
            }
            else
            {
                _variables.Add((pipeline.Variables[0], value));
            }
        }
        return value;
    }

    /// <summary>The value of the previous command in a pipeline, passed as the last argument.</summary>
    private sealed record Piped(object? Value);

    private object? Command(Command command, object? dot, Piped? piped, bool structured)
    {
        var first = command.Arguments[0];
        if (first is not FunctionOperand function)
        {
            return command.Arguments.Count == 1 && piped is null
                ? Operand(first, dot, structured)
                : throw new InvalidArgumentException($"template: can't give argument to non-function {Describe(first)}");
        }
        var operands = command.Arguments.Skip(1).ToList();
        if (function.Name is "and" or "or")
        {
            return ShortCircuit(function.Name == "and", operands, dot, piped);
        }
        // Functions over lists and maps take a row's fields as JSON; the others as the row prints them.
        var wantsStructure = function.Name is "len" or "index" or "join" or "json";
        var args = operands.Select(operand => Operand(operand, dot, wantsStructure)).ToList();
        if (piped is not null)
        {
            args.Add(piped.Value);
        }
        return TemplateFunctions.Call(function.Name, [.. args]);
    }

    /// <summary>and / or: the first argument that decides, the rest not evaluated (Go 1.18).</summary>
    private object? ShortCircuit(bool isAnd, List<Operand> operands, object? dot, Piped? piped)
    {
        var count = operands.Count + (piped is null ? 0 : 1);
        if (count < 1)
        {
            throw new InvalidArgumentException($"template: wrong number of args for {(isAnd ? "and" : "or")}: want at least 1 got 0");
        }
        object? value = null;
        for (var i = 0; i < count; i++)
        {
            value = i < operands.Count ? Operand(operands[i], dot, structured: false) : piped!.Value;
            if (GoValues.IsTrue(value) != isAnd)
            {
                return value;
            }
        }
        return value;
    }

    private object? Operand(Operand operand, object? dot, bool structured) => operand switch
    {
        DotOperand => dot,
        LiteralOperand literal => literal.Value,
        VariableOperand variable => Variable(variable.Name),
        PipelineOperand inner => Evaluate(inner.Pipeline, dot, structured),
        FieldOperand field => Field(field, dot, structured),
        FunctionOperand function => TemplateFunctions.Call(function.Name, []),
        _ => null,
    };

    private object? Variable(string name)
    {
        var index = _variables.FindLastIndex(v => v.Name == name);
        return index >= 0 ? _variables[index].Value : throw new InvalidArgumentException($"template: undefined variable: ${name}");
    }

    private object? Field(FieldOperand field, object? dot, bool structured)
    {
        var value = field.Receiver is null ? dot : Operand(field.Receiver, dot, structured: true);
        for (var i = 0; i < field.Path.Count; i++)
        {
            var name = field.Path[i];
            var last = i == field.Path.Count - 1;
            value = value switch
            {
                RowValue row => RowField(row, name, structured || !last),
                JsonObject obj when obj.TryGetPropertyValue(name, out var member) => GoValues.FromJson(member),
                // The value passed at the top is a struct in Podman: a field it lacks is an error there; deeper, maps are common.
                JsonObject obj when ReferenceEquals(obj, _root) => throw CannotEvaluate(name, value),
                JsonObject => GoValues.NoValue.Instance,
                null or GoValues.NoValue => GoValues.NoValue.Instance,
                _ => throw CannotEvaluate(name, value),
            };
        }
        return value;
    }

    private static object? RowField(RowValue row, string name, bool structured)
    {
        if (!structured && row.Data.Field(name) is { } text)
        {
            return text;
        }
        if (row.Json.TryGetPropertyValue(name, out var member))
        {
            return GoValues.FromJson(member);
        }
        return row.Data.Field(name) ?? throw CannotEvaluate(name, row);
    }

    private static InvalidArgumentException CannotEvaluate(string name, object? value) =>
        new($"template: can't evaluate field {name} in type {TemplateFunctions.TypeName(value)}");

    private static string Describe(Operand operand) => operand switch
    {
        FieldOperand field => "." + string.Join('.', field.Path),
        LiteralOperand literal => GoValues.Print(literal.Value),
        _ => operand.GetType().Name,
    };
}

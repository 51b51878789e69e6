namespace Berth.Cli.Output.Templates;

/// <summary>A piece of a parsed template, as Go's text/template/parse has them.</summary>
public abstract record TemplateNode;

public sealed record TextNode(string Text) : TemplateNode;

/// <summary>{{pipeline}}: prints the pipeline's value unless it declares or assigns variables.</summary>
public sealed record ActionNode(Pipeline Pipeline) : TemplateNode;

/// <summary>{{if}}, {{with}} (which also moves dot to the value) and {{range}}, each with an optional {{else}}.</summary>
public sealed record BranchNode(BranchKind Kind, Pipeline Pipeline, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode> Else) : TemplateNode;

public enum BranchKind
{
    If,
    With,
    Range,
}

/// <summary>{{break}} or {{continue}} inside a {{range}}.</summary>
public sealed record LoopControlNode(bool IsBreak) : TemplateNode;

/// <summary>Commands joined by '|', each one's value passed as the next one's last argument; optionally declaring (:=) or assigning (=) variables.</summary>
public sealed record Pipeline(IReadOnlyList<string> Variables, bool IsAssignment, IReadOnlyList<Command> Commands);

/// <summary>A function and its arguments, or a single operand.</summary>
public sealed record Command(IReadOnlyList<Operand> Arguments);

public abstract record Operand;

/// <summary>A field chain: on dot (<c>.A.B</c>), a variable (<c>$x.A</c>) or a parenthesised pipeline (<c>(…).A</c>); an empty <see cref="Path"/> is the receiver itself.</summary>
public sealed record FieldOperand(Operand? Receiver, IReadOnlyList<string> Path) : Operand;

public sealed record DotOperand : Operand;

public sealed record VariableOperand(string Name) : Operand;

/// <summary>A string, number, bool or nil constant, as its runtime value.</summary>
public sealed record LiteralOperand(object? Value) : Operand;

public sealed record FunctionOperand(string Name) : Operand;

public sealed record PipelineOperand(Pipeline Pipeline) : Operand;

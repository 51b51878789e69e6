using System.Globalization;

namespace Berth.Cli.Output.Templates;

/// <summary>Builds the node tree of a template from its tokens, with Go's parse errors for what does not fit.</summary>
public sealed class TemplateParser
{
    private readonly List<TemplateToken> _tokens;
    private int _next;
    private int _rangeDepth;

    private TemplateParser(List<TemplateToken> tokens) => _tokens = tokens;

    public static IReadOnlyList<TemplateNode> Parse(string template)
    {
        var parser = new TemplateParser(TemplateLexer.Lex(template));
        var (nodes, end) = parser.ParseList();
        return end is null ? nodes : throw new InvalidArgumentException($"template: unexpected {{{{{end}}}}}");
    }

    /// <summary>Nodes up to the end of the input or an {{end}} / {{else…}}, which it returns (null at the end of the input).</summary>
    private (List<TemplateNode> Nodes, string? Terminator) ParseList()
    {
        var nodes = new List<TemplateNode>();
        while (_next < _tokens.Count)
        {
            var token = _tokens[_next++];
            if (token.Kind == TokenKind.Text)
            {
                nodes.Add(new TextNode(token.Value));
                continue;
            }
            var keyword = Peek() is { Kind: TokenKind.Identifier } word ? word.Value : null;
            switch (keyword)
            {
                case "end":
                    _next++;
                    Expect(TokenKind.ActionEnd);
                    return (nodes, "end");
                case "else":
                    _next++;
                    return (nodes, "else");
                case "if" or "with" or "range":
                    _next++;
                    nodes.Add(ParseBranch(keyword == "if" ? BranchKind.If : keyword == "with" ? BranchKind.With : BranchKind.Range));
                    break;
                case "break" or "continue":
                    _next++;
                    Expect(TokenKind.ActionEnd);
                    nodes.Add(_rangeDepth > 0 ? new LoopControlNode(keyword == "break") : throw new InvalidArgumentException($"template: {{{{{keyword}}}}} outside {{{{range}}}}"));
                    break;
                case "define" or "template" or "block":
                    throw new InvalidArgumentException($"template: {{{{{keyword}}}}} is not supported in a --format template");
                default:
                    var pipeline = ParsePipeline(allowDeclaration: true);
                    Expect(TokenKind.ActionEnd);
                    nodes.Add(new ActionNode(pipeline));
                    break;
            }
        }
        return (nodes, null);
    }

    private BranchNode ParseBranch(BranchKind kind)
    {
        var pipeline = ParsePipeline(allowDeclaration: true);
        Expect(TokenKind.ActionEnd);
        _rangeDepth += kind == BranchKind.Range ? 1 : 0;
        var (body, terminator) = ParseList();
        _rangeDepth -= kind == BranchKind.Range ? 1 : 0;
        IReadOnlyList<TemplateNode> otherwise = [];
        if (terminator == "else")
        {
            // {{else if …}} and {{else with …}} nest a branch that shares this one's {{end}}.
            if (kind != BranchKind.Range && Peek() is { Kind: TokenKind.Identifier, Value: "if" or "with" } chained)
            {
                _next++;
                otherwise = [ParseBranch(chained.Value == "if" ? BranchKind.If : BranchKind.With)];
                terminator = "end";
            }
            else
            {
                Expect(TokenKind.ActionEnd);
                (var elseNodes, terminator) = ParseList();
                otherwise = elseNodes;
            }
        }
        return terminator == "end" ? new BranchNode(kind, pipeline, body, otherwise) : throw new InvalidArgumentException("template: unexpected EOF");
    }

    private Pipeline ParsePipeline(bool allowDeclaration)
    {
        var variables = new List<string>();
        var assignment = false;
        if (allowDeclaration && Peek() is { Kind: TokenKind.Variable })
        {
            // $x := …, $x = … or, in a range, $i, $e := …
            var start = _next;
            variables.Add(_tokens[_next++].Value);
            if (Peek() is { Kind: TokenKind.Comma } && _tokens.Count > _next + 1 && _tokens[_next + 1].Kind == TokenKind.Variable)
            {
                _next++;
                variables.Add(_tokens[_next++].Value);
            }
            if (Peek() is { Kind: TokenKind.Declare or TokenKind.Assign } op)
            {
                _next++;
                assignment = op.Kind == TokenKind.Assign;
            }
            else
            {
                _next = start;
                variables.Clear();
            }
        }
        var commands = new List<Command> { ParseCommand() };
        while (Peek() is { Kind: TokenKind.Pipe })
        {
            _next++;
            commands.Add(ParseCommand());
        }
        return new Pipeline(variables, assignment, commands);
    }

    private Command ParseCommand()
    {
        var arguments = new List<Operand>();
        while (Peek() is { Kind: not (TokenKind.ActionEnd or TokenKind.Pipe or TokenKind.RightParen) })
        {
            arguments.Add(ParseOperand());
        }
        return arguments.Count > 0 ? new Command(arguments) : throw new InvalidArgumentException("template: missing value for command");
    }

    private Operand ParseOperand()
    {
        var token = _tokens[_next++];
        Operand operand = token.Kind switch
        {
            TokenKind.Field => Chain(null, token.Value),
            TokenKind.Dot => new DotOperand(),
            TokenKind.Variable => new VariableOperand(token.Value),
            TokenKind.String => new LiteralOperand(token.Value),
            TokenKind.Number => new LiteralOperand(NumberValue(token.Value)),
            TokenKind.Identifier => token.Value switch
            {
                "true" => new LiteralOperand(true),
                "false" => new LiteralOperand(false),
                "nil" => new LiteralOperand(null),
                _ => TemplateFunctions.IsDefined(token.Value) ? new FunctionOperand(token.Value) : throw new InvalidArgumentException($"template: function \"{token.Value}\" not defined"),
            },
            TokenKind.LeftParen => ParseParenthesised(),
            _ => throw new InvalidArgumentException($"template: unexpected \"{token.Value}\" in operand"),
        };
        // .A.B, $x.A and (…).A: field tokens right after the operand, without a space, chain on it.
        if (operand is not FunctionOperand and not LiteralOperand && Peek() is { Kind: TokenKind.Field, Spaced: false })
        {
            var path = new List<string>();
            while (Peek() is { Kind: TokenKind.Field, Spaced: false } field)
            {
                _next++;
                path.Add(field.Value);
            }
            operand = operand is FieldOperand { Receiver: var receiver } chained ? new FieldOperand(receiver, [.. chained.Path, .. path]) : new FieldOperand(operand, path);
        }
        return operand;
    }

    private static FieldOperand Chain(Operand? receiver, string field) => new(receiver, [field]);

    private PipelineOperand ParseParenthesised()
    {
        var pipeline = ParsePipeline(allowDeclaration: false);
        Expect(TokenKind.RightParen);
        return new PipelineOperand(pipeline);
    }

    private static object NumberValue(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) ? (object)integer : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private TemplateToken? Peek() => _next < _tokens.Count ? _tokens[_next] : null;

    private void Expect(TokenKind kind)
    {
        if (Peek() is not { } token || token.Kind != kind)
        {
            throw new InvalidArgumentException(Peek() is { } unexpected ? $"template: unexpected \"{unexpected.Value}\" in action" : "template: unclosed action");
        }
        _next++;
    }
}

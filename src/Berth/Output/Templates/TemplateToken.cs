namespace Berth.Cli.Output.Templates;

public enum TokenKind
{
    Text,
    ActionStart,
    ActionEnd,
    Field,
    Dot,
    Variable,
    Identifier,
    String,
    Number,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
}

/// <param name="Value">The token's text: a field or variable without its '.', a string without quotes and escapes resolved.</param>
/// <param name="Spaced">Whether whitespace came before it inside the action: `$x.A` chains a field, `$x .A` passes two arguments.</param>
public sealed record TemplateToken(TokenKind Kind, string Value, bool Spaced = false);

namespace Berth.Engine.Runtime;

/// <summary>A terminal's size in character cells, as a client's window reports it.</summary>
public readonly record struct TerminalSize(int Rows, int Columns);

namespace Berth.Engine.Processes;

/// <summary>A `top` answer: a header per column and a row of values per process.</summary>
public sealed record ProcessTable(IReadOnlyList<string> Titles, IReadOnlyList<IReadOnlyList<string>> Processes);

namespace Berth.Engine.Processes;

/// <summary>A column `top` can show: its AIX code ("%C"), its name ("pcpu"), its header ("%CPU") and how to read it.</summary>
public sealed record ProcessDescriptor(string? Code, string Name, string Header, Func<ProcessInfo, ProcessTableContext, string> Value);

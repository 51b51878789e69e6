namespace Berth.Engine.Build;

/// <summary>Where a build reports: progress lines, and the output streams RUN steps write to.</summary>
public sealed record BuildOutput(TextWriter Progress, Stream Stdout, Stream Stderr);

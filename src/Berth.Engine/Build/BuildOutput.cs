using Berth.Engine.Progress;

namespace Berth.Engine.Build;

/// <summary>
/// Where a build reports: its STEP lines, the display of its steps' copies and commits (and of the
/// pulls of its base images), and the output streams RUN steps write to.
/// </summary>
public sealed record BuildOutput(TextWriter Progress, IProgressDisplay Display, Stream Stdout, Stream Stderr);

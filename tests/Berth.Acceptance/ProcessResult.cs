namespace Berth.Acceptance;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

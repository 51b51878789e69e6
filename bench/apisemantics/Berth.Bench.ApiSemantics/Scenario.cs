namespace Berth.Bench.ApiSemantics;

/// <summary>One measured operation: <paramref name="Run"/> performs <paramref name="OpsPerCall"/> operations.</summary>
internal sealed record Scenario(string Name, string Unit, int OpsPerCall, Action Run);

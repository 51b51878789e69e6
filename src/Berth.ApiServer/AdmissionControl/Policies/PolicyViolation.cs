namespace Berth.ApiServer.AdmissionControl.Policies;

/// <summary>A validation that refused a write: its index, the message and the Status reason.</summary>
public sealed record PolicyViolation(int ExpressionIndex, string Message, string Reason);

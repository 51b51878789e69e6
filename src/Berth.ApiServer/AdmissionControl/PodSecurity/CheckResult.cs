namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>What one check forbids in a pod: the short reason ("privileged") and the detail naming what.</summary>
public sealed record CheckResult(string Reason, string Detail)
{
    public override string ToString() => Detail.Length == 0 ? Reason : $"{Reason} ({Detail})";
}

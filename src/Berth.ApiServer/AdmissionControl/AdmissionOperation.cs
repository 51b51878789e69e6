namespace Berth.ApiServer.AdmissionControl;

/// <summary>What a write does to an object (kube's admission.Operation).</summary>
public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
}

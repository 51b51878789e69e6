namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// An admission plugin that may refuse a delete (kube's admission.Delete operation); the request's
/// object is the stored one. Plugins that only judge creates and updates never see deletes.
/// </summary>
public interface IDeleteAdmissionPlugin
{
    ValueTask ValidateDeleteAsync(AdmissionRequest request, CancellationToken cancellationToken);
}

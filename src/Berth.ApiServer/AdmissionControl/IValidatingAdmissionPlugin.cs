namespace Berth.ApiServer.AdmissionControl;

/// <summary>An admission plugin that may refuse a write (throws the ApiException the client gets) but never changes it.</summary>
public interface IValidatingAdmissionPlugin
{
    ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken);
}

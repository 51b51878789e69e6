namespace Berth.ApiServer.AdmissionControl;

/// <summary>An admission plugin that may change the object it admits (set defaults, add volumes) or refuse it.</summary>
public interface IMutatingAdmissionPlugin
{
    ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}

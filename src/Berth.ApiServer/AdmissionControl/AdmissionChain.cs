namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// The admission plugins a user's write passes, as kube-apiserver runs them: the mutating ones after
/// the object is defaulted and before it is validated, the validating ones after validation; each in
/// order, and the first refusal ends the write. Deletes pass only the plugins that judge deletes. The server's
/// own writes (no user) are trusted and skip it.
/// </summary>
public sealed class AdmissionChain(
    IReadOnlyList<IMutatingAdmissionPlugin> mutating, IReadOnlyList<IValidatingAdmissionPlugin> validating, IReadOnlyList<IDeleteAdmissionPlugin>? deleting = null)
{
    public static AdmissionChain Empty { get; } = new([], []);

    public async ValueTask ValidateDeleteAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in deleting ?? [])
        {
            await plugin.ValidateDeleteAsync(request, cancellationToken);
        }
    }

    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in mutating)
        {
            await plugin.AdmitAsync(request, cancellationToken);
        }
    }

    public async ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in validating)
        {
            await plugin.ValidateAsync(request, cancellationToken);
        }
    }
}

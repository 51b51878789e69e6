namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// The admission plugins a user's write passes after its object is defaulted and validated, in
/// order; the first refusal ends the write. The server's own writes (no user) are trusted and skip it.
/// </summary>
public sealed class AdmissionChain(IReadOnlyList<IValidatingAdmissionPlugin> validating)
{
    public static AdmissionChain Empty { get; } = new([]);

    public async ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in validating)
        {
            await plugin.ValidateAsync(request, cancellationToken);
        }
    }
}

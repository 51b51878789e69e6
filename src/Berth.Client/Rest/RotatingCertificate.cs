using System.Security.Cryptography.X509Certificates;

namespace Berth.Client.Rest;

/// <summary>
/// A client certificate that is replaced before it expires (a node's, rotated through CSRs as kubelet rotates its own):
/// connections made after <see cref="Replace"/> present the new one, and <see cref="ApiClient"/> moves its requests onto them.
/// </summary>
public sealed class RotatingCertificate(X509Certificate2 initial)
{
    private volatile X509Certificate2 _current = initial;

    public X509Certificate2 Current => _current;

    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    public event Action? Replaced;

    public void Replace(X509Certificate2 next)
    {
        _current = next;
        Replaced?.Invoke();
    }
}

using System.Collections.Concurrent;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Agent.Volumes;

/// <summary>
/// Tokens for projected serviceAccountToken sources, requested through the TokenRequest API for the
/// pod's ServiceAccount and bound to the pod (so the token dies with it), as the kubelet's token
/// manager does: kept until 80 % of their lifetime has passed, then requested again.
/// </summary>
public sealed class ServiceAccountTokens(ResourceClient<V1ServiceAccount, V1ServiceAccountList> serviceAccounts, TimeProvider time)
{
    /// <summary>kube's default for a projection that names no expirationSeconds.</summary>
    public const long DefaultExpirationSeconds = 3600;

    private readonly ConcurrentDictionary<string, IssuedToken> _issued = new(StringComparer.Ordinal);

    public async Task<string> TokenAsync(V1Pod pod, V1ServiceAccountTokenProjection source, CancellationToken cancellationToken)
    {
        var expirationSeconds = source.ExpirationSeconds ?? DefaultExpirationSeconds;
        var key = $"{pod.Metadata.Uid}/{source.Audience}/{expirationSeconds}";
        var now = time.GetUtcNow();
        if (_issued.TryGetValue(key, out var held) && now < held.RenewAt)
        {
            return held.Token;
        }
        var serviceAccount = string.IsNullOrEmpty(pod.Spec.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;
        var request = new Authenticationv1TokenRequest
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenRequest",
            Spec = new V1TokenRequestSpec
            {
                Audiences = string.IsNullOrEmpty(source.Audience) ? [] : [source.Audience],
                ExpirationSeconds = expirationSeconds,
                BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            },
        };
        Authenticationv1TokenRequest issued;
        try
        {
            issued = await serviceAccounts.CreateSubresourceAsync(pod.Metadata.NamespaceProperty, serviceAccount, "token", request,
                ModelJsonContext.Default.Authenticationv1TokenRequest, ModelJsonContext.Default.Authenticationv1TokenRequest, cancellationToken);
        }
        catch (ApiStatusException e)
        {
            throw new VolumeSetUpException($"failed to fetch token: {e.Message}", e);
        }
        foreach (var (stale, token) in _issued)
        {
            if (token.ExpiresAt < now)
            {
                _issued.TryRemove(stale, out _);
            }
        }
        var lifetime = TimeSpan.FromSeconds(expirationSeconds);
        _issued[key] = new IssuedToken(issued.Status.Token, now + lifetime * 0.8, now + lifetime);
        return issued.Status.Token;
    }

    private sealed record IssuedToken(string Token, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt);
}

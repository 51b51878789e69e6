using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Authorization;

/// <summary>
/// The default ClusterRoles and their group bindings, as kube-apiserver's bootstrap policy
/// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy) defines them: what every client may do
/// before anyone grants anything.
/// </summary>
public static class BootstrapPolicy
{
    private static readonly string[] Get = ["get"];
    private static readonly string[] Create = ["create"];

    /// <summary>Health and version, for everyone (anonymous too).</summary>
    public static readonly PolicyRule[] PublicInfoViewer =
    [
        new(Get, NonResourceUrls: ["/healthz", "/livez", "/readyz", "/version", "/version/"]),
    ];

    /// <summary>Discovery and OpenAPI, for every authenticated user.</summary>
    public static readonly PolicyRule[] Discovery =
    [
        new(Get, NonResourceUrls: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]),
    ];

    /// <summary>Asking who one is and what one may do, for every authenticated user.</summary>
    public static readonly PolicyRule[] BasicUser =
    [
        new(Create, ApiGroups: ["authorization.k8s.io"], Resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
        new(Create, ApiGroups: ["authentication.k8s.io"], Resources: ["selfsubjectreviews"]),
    ];

    /// <summary>The issuer's OIDC discovery documents, for ServiceAccounts (kube binds it to system:serviceaccounts).</summary>
    public static readonly PolicyRule[] ServiceAccountIssuerDiscovery =
    [
        new(Get, NonResourceUrls: ["/.well-known/openid-configuration", "/.well-known/openid-configuration/", "/openid/v1/jwks", "/openid/v1/jwks/"]),
    ];

    /// <summary>Which groups hold which rules by default (the bootstrap ClusterRoleBindings).</summary>
    public static readonly (string Group, PolicyRule[] Rules)[] GroupBindings =
    [
        (UserInfo.AllAuthenticated, PublicInfoViewer),
        (UserInfo.AllUnauthenticated, PublicInfoViewer),
        (UserInfo.AllAuthenticated, Discovery),
        (UserInfo.AllAuthenticated, BasicUser),
        (ServiceAccountTokenAuthenticator.AllServiceAccounts, ServiceAccountIssuerDiscovery),
    ];
}

using Berth.ApiServer.Authorization.Rbac;

namespace Berth.ApiServer.Authorization.Nodes;

/// <summary>
/// kube's Node authorizer (plugin/pkg/auth/authorizer/node): a node reads the Secrets, ConfigMaps,
/// claims and volumes, and asks tokens for the ServiceAccounts, of the pods bound to it only
/// (<see cref="NodeObjectGraph"/>), and touches only its own Lease; everything else is the
/// system:node role's rules, whose writes NodeRestriction admission narrows to the node's own objects.
/// It never denies: a refusal is no opinion with kube's reason, so RBAC may still grant more.
/// </summary>
public sealed class NodeAuthorizer(NodeObjectGraph graph) : IAuthorizer
{
    public const string LeaseNamespace = "kube-node-lease";

    public AuthorizationResult Authorize(RequestAttributes a)
    {
        if (!NodeIdentity.TryGetNode(a.User, out var node))
        {
            return AuthorizationResult.NoOpinion;
        }
        if (node.Length == 0)
        {
            return Refused($"unknown node for user \"{a.User.Name}\"");
        }
        if (a.IsResourceRequest && a.ApiGroup.Length == 0)
        {
            switch (a.Resource)
            {
                case "secrets":
                    return ReadNamespacedObject(node, NodeObjectKind.Secret, a);
                case "configmaps":
                    return ReadNamespacedObject(node, NodeObjectKind.ConfigMap, a);
                case "persistentvolumeclaims" when a.Subresource == "status":
                    return StatusUpdate(node, NodeObjectKind.PersistentVolumeClaim, a);
                case "persistentvolumeclaims":
                    return Get(node, NodeObjectKind.PersistentVolumeClaim, a);
                case "persistentvolumes":
                    return Get(node, NodeObjectKind.PersistentVolume, a);
                case "serviceaccounts":
                    return CreateToken(node, a);
            }
        }
        if (a.IsResourceRequest && a.ApiGroup == "coordination.k8s.io" && a.Resource == "leases")
        {
            return Lease(node, a);
        }
        return BootstrapPolicy.NodeRules.Any(rule => rule.Allows(a)) ? AuthorizationResult.Allow : AuthorizationResult.NoOpinion;
    }

    private AuthorizationResult ReadNamespacedObject(string node, NodeObjectKind kind, RequestAttributes a)
    {
        if (a.Verb is not ("get" or "list" or "watch"))
        {
            return Refused("can only read resources of this type");
        }
        if (a.Subresource.Length > 0)
        {
            return Refused("cannot read subresource");
        }
        return a.Namespace.Length == 0 ? Refused("can only read namespaced object of this type") : Related(node, kind, a);
    }

    private AuthorizationResult Get(string node, NodeObjectKind kind, RequestAttributes a)
    {
        if (a.Verb != "get")
        {
            return Refused("can only get individual resources of this type");
        }
        return a.Subresource.Length > 0 ? Refused("cannot get subresource") : Related(node, kind, a);
    }

    private AuthorizationResult StatusUpdate(string node, NodeObjectKind kind, RequestAttributes a) =>
        a.Verb is "update" or "patch" ? Related(node, kind, a) : Refused("can only get/update/patch this type");

    private AuthorizationResult CreateToken(string node, RequestAttributes a)
    {
        if (a.Verb != "create" || a.Name.Length == 0)
        {
            return Refused("can only create tokens for individual service accounts");
        }
        return a.Subresource != "token" ? Refused("can only create token subresource of serviceaccount") : Related(node, NodeObjectKind.ServiceAccount, a);
    }

    private static AuthorizationResult Lease(string node, RequestAttributes a)
    {
        if (a.Verb is not ("get" or "create" or "update" or "patch" or "delete"))
        {
            return Refused("can only get, create, update, patch, or delete a node lease");
        }
        if (a.Namespace != LeaseNamespace)
        {
            return Refused($"can only access leases in the \"{LeaseNamespace}\" system namespace");
        }
        // A create names no object in its URL: NodeRestriction checks the new Lease's name.
        return a.Verb != "create" && a.Name != node ? Refused("can only access node lease with the same name as the requesting node") : AuthorizationResult.Allow;
    }

    private AuthorizationResult Related(string node, NodeObjectKind kind, RequestAttributes a)
    {
        if (a.Name.Length == 0)
        {
            return Refused("No Object name found");
        }
        return graph.HasPath(node, kind, a.Namespace, a.Name) ? AuthorizationResult.Allow : Refused($"no relationship found between node '{node}' and this object");
    }

    private static AuthorizationResult Refused(string reason) => new(AuthorizationDecision.NoOpinion, reason);
}

using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Authorization.Nodes;

/// <summary>
/// Which node a user is (kube's nodeidentifier): a user named system:node:NAME in the group
/// system:nodes is node NAME; anyone else is no node.
/// </summary>
public static class NodeIdentity
{
    public const string UserPrefix = "system:node:";
    public const string Group = "system:nodes";

    public static bool TryGetNode(UserInfo user, out string nodeName)
    {
        nodeName = "";
        if (!user.Name.StartsWith(UserPrefix, StringComparison.Ordinal) || !user.InGroup(Group))
        {
            return false;
        }
        nodeName = user.Name[UserPrefix.Length..];
        return true;
    }
}

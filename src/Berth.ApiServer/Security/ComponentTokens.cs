using System.Security.Cryptography;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization.Nodes;

namespace Berth.ApiServer.Security;

/// <summary>
/// The bearer tokens of <c>berth server</c>'s in-process components, each its own user as k3s gives its components
/// their own client certificates: the scheduler is system:kube-scheduler (kube's bootstrap role), the embedded agent
/// is its node, system:node:NAME in system:nodes (so the Node authorizer and NodeRestriction hold it to its own node
/// and pods, as a joined agent). The controller-manager still acts as system:admin: kube's per-controller roles are not
/// written yet. New at every start, and never written anywhere: only this process holds them.
/// </summary>
public sealed class ComponentTokens(string adminToken, string nodeName)
{
    public const string SchedulerUser = "system:kube-scheduler";

    public string ControllerManager { get; } = adminToken;

    public string Scheduler { get; } = Secret();

    public string Node { get; } = Secret();

    /// <summary>The token → user pairs the static token authenticator adds for these components.</summary>
    public IEnumerable<KeyValuePair<string, UserInfo>> Users() =>
    [
        new(Scheduler, UserInfo.Authenticated(SchedulerUser, "", [])),
        new(Node, UserInfo.Authenticated(NodeIdentity.UserPrefix + nodeName, "", [NodeIdentity.Group])),
    ];

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}

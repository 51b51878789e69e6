using System.Security.Cryptography;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization.Nodes;
using Berth.ApiServer.Authorization.Rbac;

namespace Berth.ApiServer.Security;

/// <summary>
/// The bearer tokens of <c>berth server</c>'s in-process components, each its own user as k3s gives its components
/// their own client certificates: the scheduler is system:kube-scheduler and the controller-manager (its leader
/// election and the shared informers) system:kube-controller-manager, under kube's bootstrap roles; each controller is
/// its ServiceAccount in kube-system under its <c>system:controller:</c> role, as kube-controller-manager's
/// <c>--use-service-account-credentials</c>; the embedded agent is its node, system:node:NAME in system:nodes (so the
/// Node authorizer and NodeRestriction hold it to its own node and pods, as a joined agent). The server's own writes
/// (its node's role labels) are the admin's. New at every start, and never written anywhere: only this process holds them.
/// </summary>
public sealed class ComponentTokens(string adminToken, string nodeName)
{
    public const string SchedulerUser = "system:kube-scheduler";
    public const string ControllerManagerUser = "system:kube-controller-manager";

    private readonly Dictionary<string, string> _controllers = ControllerPolicy.Controllers.ToDictionary(c => c.ServiceAccount, _ => Secret());

    public string Server { get; } = adminToken;

    public string ControllerManager { get; } = Secret();

    public string Scheduler { get; } = Secret();

    public string Node { get; } = Secret();

    /// <summary>The token of the controller acting as ServiceAccount kube-system/<paramref name="serviceAccount"/>, which has a role in <see cref="ControllerPolicy"/>.</summary>
    public string Controller(string serviceAccount) => _controllers.TryGetValue(serviceAccount, out var token)
        ? token
        : throw new ArgumentException($"no controller role system:controller:{serviceAccount}", nameof(serviceAccount));

    /// <summary>The token → user pairs the static token authenticator adds for these components.</summary>
    public IEnumerable<KeyValuePair<string, UserInfo>> Users() =>
    [
        new(ControllerManager, UserInfo.Authenticated(ControllerManagerUser, "", [])),
        new(Scheduler, UserInfo.Authenticated(SchedulerUser, "", [])),
        new(Node, UserInfo.Authenticated(NodeIdentity.UserPrefix + nodeName, "", [NodeIdentity.Group])),
        .. _controllers.Select(c => new KeyValuePair<string, UserInfo>(c.Value, ControllerPolicy.User(c.Key))),
    ];

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}

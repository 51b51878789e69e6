namespace Berth.ApiServer.Auditing;

/// <summary>
/// kube's audit Policy (audit.k8s.io/v1): rules in order, the first that matches a request gives its
/// level; no match is <see cref="AuditLevel.None"/>. Stages the policy omits are omitted by every rule.
/// </summary>
public sealed record AuditPolicy(IReadOnlyList<AuditRule> Rules, IReadOnlySet<AuditStage> OmitStages, bool OmitManagedFields)
{
    public const string ApiVersion = "audit.k8s.io/v1";
    public const string Kind = "Policy";
}

/// <summary>
/// One rule of a <see cref="AuditPolicy"/>. Every list that is empty matches everything; a rule with
/// resources or namespaces matches resource requests only, one with nonResourceURLs non-resource requests only.
/// </summary>
public sealed record AuditRule
{
    public required AuditLevel Level { get; init; }

    public IReadOnlyList<string> Users { get; init; } = [];

    public IReadOnlyList<string> UserGroups { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = [];

    public IReadOnlyList<AuditGroupResources> Resources { get; init; } = [];

    /// <summary>Namespaces the rule covers; "" is cluster-scoped resources.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Paths such as <c>/healthz</c>, <c>/api*</c> (a trailing <c>*</c> is a prefix) or <c>*</c>.</summary>
    public IReadOnlyList<string> NonResourceUrls { get; init; } = [];

    public IReadOnlySet<AuditStage> OmitStages { get; init; } = new HashSet<AuditStage>();

    /// <summary>Overrides the policy's omitManagedFields when set.</summary>
    public bool? OmitManagedFields { get; init; }
}

/// <summary>
/// Resources of one API group ("" is core): names as <c>pods</c>, <c>pods/log</c>, <c>*</c>,
/// <c>*/status</c> or <c>pods/*</c>; none is every resource of the group. ResourceNames narrows to named objects.
/// </summary>
public sealed record AuditGroupResources(string Group, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames);

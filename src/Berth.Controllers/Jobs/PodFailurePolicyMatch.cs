namespace Berth.Controllers.Jobs;

/// <summary>
/// What a failed pod's match against spec.podFailurePolicy decided: the rule's action (null when
/// no rule matched), whether the failure counts towards backoffLimit (false only for Ignore), and
/// the Job's failure message for a FailJob rule.
/// </summary>
public sealed record PodFailurePolicyMatch(string? Action, bool CountsAsFailure, string? FailJobMessage)
{
    public const string FailJob = "FailJob";
    public const string FailIndex = "FailIndex";
    public const string Ignore = "Ignore";
    public const string Count = "Count";

    /// <summary>No rule matched: the failure counts.</summary>
    public static PodFailurePolicyMatch None { get; } = new(null, true, null);
}

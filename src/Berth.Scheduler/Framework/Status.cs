namespace Berth.Scheduler.Framework;

/// <summary>
/// The result of one plugin step: a code and the reasons users read in FailedScheduling events,
/// e.g. <c>Insufficient cpu</c>. Immutable, so common failures are shared instances.
/// </summary>
public sealed class Status
{
    private static readonly string[] NoReasons = [];

    public Status(StatusCode code, params string[] reasons)
    {
        Code = code;
        Reasons = reasons.Length == 0 ? NoReasons : reasons;
    }

    public static Status Success { get; } = new(StatusCode.Success);

    public static Status Skip { get; } = new(StatusCode.Skip);

    public StatusCode Code { get; }

    public IReadOnlyList<string> Reasons { get; }

    public bool IsSuccess => Code == StatusCode.Success;

    /// <summary>Unschedulable or UnschedulableAndUnresolvable: the pod was turned down, not failed.</summary>
    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable;

    /// <summary>The reasons joined by ", " (framework.Status.Message).</summary>
    public string Message => string.Join(", ", Reasons);

    public static Status Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons);

    public static Status Unresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons);

    public static Status Failure(string reason) => new(StatusCode.Error, reason);

    public override string ToString() => $"{Code}: {Message}";
}

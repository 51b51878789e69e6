namespace Berth.Timing.Cron;

/// <summary>A schedule that does not parse; the message is robfig/cron's, as kube reports it.</summary>
public sealed class CronFormatException(string message) : FormatException(message);

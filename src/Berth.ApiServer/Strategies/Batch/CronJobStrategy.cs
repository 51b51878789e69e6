using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Batch;

/// <summary>CronJobs: names of at most 52 characters (their Jobs add 11), batch/v1 defaults, schedule and job template checked.</summary>
public sealed class CronJobStrategy : ResourceStrategy
{
    private const int MaxNameLength = 52;

    public override IReadOnlyList<string> CheckName(string name)
    {
        var messages = base.CheckName(name);
        return name.Length > MaxNameLength ? [.. messages, $"must be no more than {MaxNameLength} characters"] : messages;
    }

    public override void Default(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec)
        {
            WorkloadDefaults.CronJob(spec);
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors) =>
        WorkloadValidator.CronJob(obj["spec"] as JsonObject ?? [], errors);
}

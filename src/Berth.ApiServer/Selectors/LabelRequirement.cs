namespace Berth.ApiServer.Selectors;

public enum LabelOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// <summary>One requirement of a label selector.</summary>
public sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Equals or LabelOperator.In => present && Values.Contains(value!),
            LabelOperator.NotEquals or LabelOperator.NotIn => !present || !Values.Contains(value!),
            LabelOperator.Exists => present,
            _ => !present,
        };
    }
}

using Berth.Client.Selectors;

namespace Berth.Client.Tests.Selectors;

public class LabelSetsTests
{
    public static TheoryData<string, Dictionary<string, string>?, Dictionary<string, string>?, bool> Cases => new()
    {
        { "same pairs in another order", new() { ["a"] = "1", ["b"] = "2" }, new() { ["b"] = "2", ["a"] = "1" }, true },
        { "null and empty", null, [], true },
        { "both null", null, null, true },
        { "a value differs", new() { ["a"] = "1" }, new() { ["a"] = "2" }, false },
        { "a key differs", new() { ["a"] = "1" }, new() { ["b"] = "1" }, false },
        { "one more label", new() { ["a"] = "1" }, new() { ["a"] = "1", ["b"] = "2" }, false },
        { "null and one label", null, new() { ["a"] = "1" }, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Equal_ComparesKeyValuePairsAsSets(string name, Dictionary<string, string>? a, Dictionary<string, string>? b, bool equal)
    {
        Assert.True(LabelSets.Equal(a, b) == equal, name);
        Assert.True(LabelSets.Equal(b, a) == equal, $"{name} (swapped)");
    }
}

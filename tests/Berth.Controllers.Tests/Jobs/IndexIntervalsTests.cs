using Berth.Controllers.Jobs;

namespace Berth.Controllers.Tests.Jobs;

public sealed class IndexIntervalsTests
{
    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 1 }, "0,1")]
    [InlineData(new[] { 0, 1, 2 }, "0-2")]
    [InlineData(new[] { 5, 1, 3, 2, 7 }, "1-3,5,7")]
    [InlineData(new[] { 4, 4, 5 }, "4,5")]
    public void Of_WritesKubesCompactForm(int[] indexes, string text)
    {
        Assert.Equal(text, IndexIntervals.Of(indexes).ToString());
    }

    [Theory]
    [InlineData("1-3,5,7", 10, "1-3,5,7", 5)]
    [InlineData("0,1,2", 10, "0-2", 3)]
    [InlineData("1-3,x,5", 10, "1-3,5", 4)]
    [InlineData("2-9", 5, "2-4", 3)]
    [InlineData("1,6,8", 5, "1", 1)]
    [InlineData("", 5, "", 0)]
    public void Parse_KeepsIndexesBelowCompletionsAndSkipsCorruptParts(string text, int completions, string parsed, int total)
    {
        var intervals = IndexIntervals.Parse(text, completions);

        Assert.Equal((parsed, total), (intervals.ToString(), intervals.Total));
    }

    [Fact]
    public void With_MergesAdjacentAndOverlappingIntervals()
    {
        var merged = IndexIntervals.Parse("1-3,8", 20).With([4, 6, 7, 12]);

        Assert.Equal("1-4,6-8,12", merged.ToString());
        Assert.True(merged.Contains(7));
        Assert.False(merged.Contains(5));
    }

    [Theory]
    // taken, count, completions → first free indexes
    [InlineData("", 3, 5, new[] { 0, 1, 2 })]
    [InlineData("0,2", 2, 5, new[] { 1, 3 })]
    [InlineData("0-3", 5, 5, new[] { 4 })]
    [InlineData("1-2,4", 9, 6, new[] { 0, 3, 5 })]
    [InlineData("0-4", 1, 5, new int[0])]
    public void FirstMissing_SkipsTakenIndexes(string taken, int count, int completions, int[] expected)
    {
        Assert.Equal(expected, IndexIntervals.Parse(taken, completions).FirstMissing(count, completions));
    }

    [Fact]
    public void Overlap_CountsCommonIndexes()
    {
        Assert.Equal(3, IndexIntervals.Parse("0-4,8", 10).Overlap(IndexIntervals.Parse("3-5,8,9", 10)));
    }
}

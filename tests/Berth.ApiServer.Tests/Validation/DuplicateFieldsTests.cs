using System.Text;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Validation;

public class DuplicateFieldsTests
{
    [Theory]
    [InlineData("""{"a":1,"b":{"c":2}}""", new string[0])]
    [InlineData("""{"metadata":{"name":"a","name":"b"}}""", new[] { "metadata.name" })]
    [InlineData("""{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y"}]},"spec":{}}""", new[] { "spec.containers[1].image", "spec" })]
    [InlineData("""{"a":[[1,2],{"k":1,"k":2}]}""", new[] { "a[1].k" })]
    [InlineData("""{"a":1,"a":""", new[] { "a" })]
    [InlineData("""{"x":{"n":1,"m":{"n":2}},"y":{"n":3},"n":4}""", new string[0])]
    [InlineData("""{"a":1,"\u0061":2}""", new[] { "a" })]
    [InlineData("""{"a":{"b":1},"c":[{"b":1,"d":{"b":2}}],"e":{"f":1,"f":2}}""", new[] { "e.f" })]
    public void Find_Body_ReportsRepeatedMemberPaths(string json, string[] expected)
    {
        Assert.Equal(expected, DuplicateFields.Find(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(100, true)]
    [InlineData(3, true)]
    public void Find_ManyMembers_ReportsOnlyTheRepeat(int members, bool repeatLast)
    {
        var keys = Enumerable.Range(0, members).Select(i => $"\"k{i}\":{i}").Append(repeatLast ? "\"k0\":0" : "\"z\":0");
        var json = "{\"data\":{" + string.Join(",", keys) + "}}";

        Assert.Equal(repeatLast ? ["data.k0"] : [], DuplicateFields.Find(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Find_DeeperThanThePairwiseScan_StillFindsTheRepeat()
    {
        var json = string.Concat(Enumerable.Repeat("""{"a":""", 100)) + """{"b":1,"b":2}""" + new string('}', 100);

        Assert.Equal([string.Join('.', Enumerable.Repeat("a", 100)) + ".b"], DuplicateFields.Find(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Message_Path_KubernetesWording()
    {
        Assert.Equal("duplicate field \"metadata.name\"", DuplicateFields.Message("metadata.name"));
    }
}

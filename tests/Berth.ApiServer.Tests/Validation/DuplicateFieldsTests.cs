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
    public void Find_Body_ReportsRepeatedMemberPaths(string json, string[] expected)
    {
        Assert.Equal(expected, DuplicateFields.Find(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Message_Path_KubernetesWording()
    {
        Assert.Equal("duplicate field \"metadata.name\"", DuplicateFields.Message("metadata.name"));
    }
}

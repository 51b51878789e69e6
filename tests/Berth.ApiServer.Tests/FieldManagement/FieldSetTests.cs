using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;

namespace Berth.ApiServer.Tests.FieldManagement;

public sealed class FieldSetTests
{
    private static readonly string[] EventFields =
        ["f:count", "f:involvedObject", FieldPath.Child("f:involvedObject", "f:name"), "f:message", "f:reason", "f:type"];

    [Fact]
    public void ToFieldsV1_OneSetWrittenAgainInAnotherOrder_SameTreeAndEachANodeOfItsOwn()
    {
        var first = new FieldSet(EventFields).ToFieldsV1();
        var again = new FieldSet(EventFields.Reverse()).ToFieldsV1();
        first["f:changed"] = new JsonObject();

        Assert.Equal("""{"f:count":{},"f:involvedObject":{".":{},"f:name":{}},"f:message":{},"f:reason":{},"f:type":{}}""", again.ToJsonString());
        Assert.NotSame(first, again);
    }

    [Fact]
    public void ToFieldsV1_ManyDifferentSetsInTurn_EachItsOwnTree()
    {
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 200; i++)
            {
                var set = new FieldSet([$"f:a{i}", "f:b"]);

                Assert.Equal($$$"""{"f:a{{{i}}}":{},"f:b":{}}""", set.ToFieldsV1().ToJsonString());
            }
        }
    }

    [Fact]
    public void ToFieldsV1_ASubsetOfASetWrittenBefore_IsNotTheSet()
    {
        new FieldSet(EventFields).ToFieldsV1();

        Assert.Equal("""{"f:count":{},"f:message":{}}""", new FieldSet(["f:count", "f:message"]).ToFieldsV1().ToJsonString());
    }
}

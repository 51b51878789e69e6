using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;

namespace Berth.ApiServer.Tests.Patching;

/// <summary>The examples of RFC 6902 Appendix A, and where kube-apiserver departs from the RFC.</summary>
public class JsonPatchTests
{
    [Theory]
    [InlineData("A.1 add object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("A.2 add array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("A.3 remove object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("A.4 remove array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("A.5 replace", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("A.6 move value", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("A.7 move array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("A.8 test success", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("A.10 add nested member", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("A.11 ignore unrecognized members", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("A.14 escape ordering", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("A.16 add array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("replace absent member adds it (kube-apiserver)", """{"spec":{}}""", """[{"op":"replace","path":"/spec/unschedulable","value":true}]""", """{"spec":{"unschedulable":true}}""")]
    [InlineData("copy", """{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("numbers compare by value", """{"n":1}""", """[{"op":"test","path":"/n","value":1.0}]""", """{"n":1}""")]
    [InlineData("test objects regardless of member order", """{"o":{"a":1,"b":2}}""", """[{"op":"test","path":"/o","value":{"b":2,"a":1}}]""", """{"o":{"a":1,"b":2}}""")]
    public void Apply_RfcExample_ProducesExpectedDocument(string name, string document, string patch, string expected)
    {
        Assert.NotEmpty(name);
        JsonAssert.Equal(expected, JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)));
    }

    [Theory]
    [InlineData("A.9 test error", """{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("A.12 add to nonexistent target", """{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""")]
    [InlineData("A.15 string is not number", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""")]
    [InlineData("remove missing member", """{"a":1}""", """[{"op":"remove","path":"/b"}]""")]
    [InlineData("replace member of a missing object", """{"a":1}""", """[{"op":"replace","path":"/b/c","value":2}]""")]
    [InlineData("replace index past the end", """{"a":[1]}""", """[{"op":"replace","path":"/a/1","value":2}]""")]
    [InlineData("index past the end", """{"a":[1]}""", """[{"op":"add","path":"/a/2","value":2}]""")]
    [InlineData("leading zero index", """{"a":[1,2]}""", """[{"op":"remove","path":"/a/01"}]""")]
    [InlineData("move into own child", """{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""")]
    public void Apply_OperationDoesNotApply_Throws422(string name, string document, string patch)
    {
        Assert.NotEmpty(name);
        var e = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)));
        Assert.Equal(422, e.StatusCode);
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/a","value":1}""")]
    [InlineData("""[{"path":"/a","value":1}]""")]
    [InlineData("""[{"op":"add","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/a"}]""")]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""")]
    [InlineData("""[{"op":"add","path":"a","value":1}]""")]
    [InlineData("""[{"op":"move","path":"/a"}]""")]
    [InlineData("""[1]""")]
    public void Apply_MalformedPatch_Throws400(string patch)
    {
        var e = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonNode.Parse("""{"a":0}"""), JsonNode.Parse(patch)));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Apply_FailingSecondOperation_LeavesInputUnchanged()
    {
        var document = JsonNode.Parse("""{"a":1}""");
        Assert.Throws<PatchException>(() => JsonPatch.Apply(document, JsonNode.Parse("""[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":3}]""")));
        JsonAssert.Equal("""{"a":1}""", document);
    }
}

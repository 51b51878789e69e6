using Berth.ApiServer.AdmissionControl.Policies;
using Cel;

namespace Berth.ApiServer.Tests.AdmissionControl.Policies.Library;

/// <summary>kube's CEL extension functions as policies call them, with the results cel-go gives.</summary>
public sealed class KubeCelLibrariesTests
{
    private static readonly CelCompiler Compiler = new();

    [Theory]
    [InlineData("'Hello World'.lowerAscii() == 'hello world'")]
    [InlineData("'Hello Wörld'.upperAscii() == 'HELLO WöRLD'")]
    [InlineData("'a,b,c'.split(',') == ['a', 'b', 'c']")]
    [InlineData("'a,b,c'.split(',', 2) == ['a', 'b,c']")]
    [InlineData("'a,b,c'.split(',', 0) == []")]
    [InlineData("['a', 'b', 'c'].join() == 'abc'")]
    [InlineData("['a', 'b', 'c'].join('-') == 'a-b-c'")]
    [InlineData("'aaa'.replace('a', 'b') == 'bbb'")]
    [InlineData("'aaa'.replace('a', 'b', 2) == 'bba'")]
    [InlineData("'abc'.replace('', '-') == '-a-b-c-'")]
    [InlineData("'  x y \\t'.trim() == 'x y'")]
    [InlineData("'hello mellow'.indexOf('llo') == 2")]
    [InlineData("'hello mellow'.indexOf('llo', 3) == 8")]
    [InlineData("'hello mellow'.lastIndexOf('llo') == 8")]
    [InlineData("'héllo'.indexOf('llo') == 2")]
    [InlineData("'tacocat'.substring(4) == 'cat'")]
    [InlineData("'tacocat'.substring(0, 4) == 'taco'")]
    [InlineData("'héllo'.charAt(1) == 'é'")]
    [InlineData("'abc'.reverse() == 'cba'")]
    [InlineData("[1, 2, 2, 3].isSorted() && !['b', 'a'].isSorted()")]
    [InlineData("[1, 2, 3].sum() == 6 && [].sum() == 0 && [1.5, 2.0].sum() == 3.5")]
    [InlineData("[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3 && ['b', 'c', 'a'].max() == 'c'")]
    [InlineData("[1, 2, 3, 2].indexOf(2) == 1 && [1, 2, 3, 2].lastIndexOf(2) == 3 && [1].indexOf(9) == -1")]
    [InlineData("'abc 123 def 456'.find('[0-9]+') == '123' && 'abc'.find('[0-9]+') == ''")]
    [InlineData("'abc 123 def 456'.findAll('[0-9]+') == ['123', '456'] && 'a1b2c3'.findAll('[0-9]', 2) == ['1', '2']")]
    [InlineData("url('https://example.com:8443/a/b?x=1&x=2&y').getHost() == 'example.com:8443'")]
    [InlineData("url('https://example.com/a/b').getHostname() == 'example.com' && url('https://example.com/a/b').getPort() == ''")]
    [InlineData("url('https://example.com/a%20b').getEscapedPath() == '/a%20b' && url('http://x/').getScheme() == 'http'")]
    [InlineData("url('https://example.com/?x=1&x=2&y').getQuery() == {'x': ['1', '2'], 'y': ['']}")]
    [InlineData("isURL('https://example.com') && isURL('/absolute/path') && !isURL('not a url')")]
    [InlineData("quantity('500m').isLessThan(quantity('1')) && quantity('1Gi').isGreaterThan(quantity('1G'))")]
    [InlineData("quantity('1.5').add(quantity('500m')).asInteger() == 2 && quantity('2').sub(3).sign() == -1")]
    [InlineData("quantity('100Mi').compareTo(quantity('100Mi')) == 0 && !quantity('0.5').isInteger() && quantity('0.5').asApproximateFloat() == 0.5")]
    [InlineData("isQuantity('10Gi') && !isQuantity('ten')")]
    public void Expression_IsTrue(string expression) =>
        Assert.Equal(true, Compiler.Compile(expression).Invoke(new Dictionary<string, object?>()));

    [Theory]
    [InlineData("'abc'.charAt(4)", "index out of range: 4")]
    [InlineData("'abc'.substring(2, 1)", "invalid substring range. start: 2, end: 1")]
    [InlineData("[].min()", "min called on empty list")]
    [InlineData("quantity('ten')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("quantity('0.5').asInteger()", "cannot convert value to integer")]
    public void Expression_FailsWithCelGosWords(string expression, string message) =>
        Assert.Equal(message, Assert.ThrowsAny<CelException>(() => Compiler.Compile(expression).Invoke(new Dictionary<string, object?>())).Message);

    [Fact]
    public void ListsFromTheObject_WorkAsLiteralLists()
    {
        var variables = new Dictionary<string, object?> { ["names"] = new List<object?> { "b", "a" } };

        Assert.Equal("b+a", Compiler.Compile("names.join('+')").Invoke(variables));
        Assert.Equal(false, Compiler.Compile("names.isSorted()").Invoke(variables));
    }
}

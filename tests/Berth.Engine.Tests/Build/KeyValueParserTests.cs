using Berth.Engine.Build;

namespace Berth.Engine.Tests.Build;

public class KeyValueParserTests
{
    [Fact]
    public void Parse_PairsWithQuotes_KeepSpacesInsideQuotes()
    {
        var pairs = KeyValueParser.Parse("A=1 B=\"two words\" C='x y' D=a\\ b");

        Assert.Equal([new("A", "1"), new("B", "two words"), new("C", "x y"), new("D", "a b")], pairs);
    }

    [Fact]
    public void Parse_LegacyForm_TakesTheRestAsValue()
    {
        Assert.Equal([new("GREETING", "hello big world")], KeyValueParser.Parse("GREETING hello big world"));
    }

    [Fact]
    public void Parse_UnterminatedQuote_Throws()
    {
        Assert.Throws<BerthException>(() => KeyValueParser.Parse("A=\"open"));
    }
}

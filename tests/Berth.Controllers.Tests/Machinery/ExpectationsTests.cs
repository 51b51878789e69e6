using Berth.Controllers.Machinery;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Controllers.Tests.Machinery;

public sealed class ExpectationsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Satisfied_OnlyOnceEveryCreationAndDeletionIsObserved()
    {
        var expectations = new Expectations(_time);
        expectations.ExpectCreations("ns/rs", 2);
        expectations.CreationObserved("ns/rs");
        Assert.False(expectations.Satisfied("ns/rs"));
        expectations.CreationObserved("ns/rs");
        Assert.True(expectations.Satisfied("ns/rs"));

        expectations.ExpectDeletions("ns/rs", ["u1"]);
        Assert.False(expectations.Satisfied("ns/rs"));
        expectations.DeletionObserved("ns/rs", "u1");
        Assert.True(expectations.Satisfied("ns/rs"));
    }

    [Fact]
    public void Satisfied_AfterTheTtl_EvenWithEventsMissing()
    {
        var expectations = new Expectations(_time);
        expectations.ExpectCreations("ns/rs", 3);

        _time.Advance(Expectations.Ttl + TimeSpan.FromSeconds(1));

        Assert.True(expectations.Satisfied("ns/rs"));
    }
}

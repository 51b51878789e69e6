using Berth.Client.Events;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Client.Tests.Events;

public sealed class EventCorrelatorTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Correlate_SameEventAgain_IsARepeatOfTheStoredOneWithCountRaised()
    {
        var correlator = new EventCorrelator(_time);
        var first = correlator.Correlate(Event("SuccessfulCreate", "Created pod: a"));
        correlator.Written(first.Key, Stored(first.Event, "rs.1", 1));

        var second = correlator.Correlate(Event("SuccessfulCreate", "Created pod: a"));

        Assert.False(first.IsRepeat);
        Assert.True(second.IsRepeat);
        Assert.Equal("rs.1", second.Event.Metadata.Name);
        Assert.Equal(2, second.Event.Count);
    }

    [Fact]
    public void Correlate_ElevenDifferentMessages_TheEleventhIsCombined()
    {
        var correlator = new EventCorrelator(_time);
        for (var i = 0; i < EventCorrelator.MaxSimilar; i++)
        {
            var c = correlator.Correlate(Event("SuccessfulCreate", $"Created pod: p{i}"));
            Assert.False(c.IsRepeat);
            correlator.Written(c.Key, Stored(c.Event, $"rs.{i}", 1));
        }

        var eleventh = correlator.Correlate(Event("SuccessfulCreate", "Created pod: p10"));
        correlator.Written(eleventh.Key, Stored(eleventh.Event, "rs.combined", 1));
        var twelfth = correlator.Correlate(Event("SuccessfulCreate", "Created pod: p11"));

        Assert.Equal("(combined from similar events): Created pod: p10", eleventh.Event.Message);
        Assert.True(twelfth.IsRepeat);
        Assert.Equal("rs.combined", twelfth.Event.Metadata.Name);
    }

    private static Corev1Event Event(string reason, string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = "rs.x", NamespaceProperty = "default" },
        InvolvedObject = new V1ObjectReference { Kind = "ReplicaSet", Name = "rs", NamespaceProperty = "default", Uid = "u1" },
        Type = "Normal",
        Reason = reason,
        Message = message,
        Source = new V1EventSource { Component = "replicaset-controller" },
        Count = 1,
    };

    private static Corev1Event Stored(Corev1Event e, string name, int count)
    {
        e.Metadata.Name = name;
        e.Count = count;
        return e;
    }
}

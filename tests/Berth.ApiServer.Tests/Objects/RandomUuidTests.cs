using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Berth.ApiServer.Objects;

namespace Berth.ApiServer.Tests.Objects;

public sealed class RandomUuidTests
{
    [Fact]
    public void NewString_ManyFromManyThreads_AllVersion4VariantRfcAndDistinct()
    {
        var seen = new ConcurrentDictionary<string, bool>();

        // More than one buffer's worth on each thread, so refills are crossed.
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 1000; i++)
            {
                Assert.True(seen.TryAdd(RandomUuid.NewString(), true));
            }
        });

        Assert.Equal(8000, seen.Count);
        Assert.All(seen.Keys, uuid => Assert.Matches(new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"), uuid));
    }

    [Fact]
    public void New_SetsOnlyTheVersionAndVariantBits_TheRestVaries()
    {
        var uuids = Enumerable.Range(0, 512).Select(_ => RandomUuid.New().ToByteArray()).ToList();

        // Every other bit takes both values across 512 UUIDs (a fixed bit would mean bytes were not random or were reused).
        for (var bit = 0; bit < 128; bit++)
        {
            var (index, mask) = (bit / 8, 1 << (bit % 8));
            var fixedBit = (index == 7 && mask >= 0x10) || (index == 8 && mask >= 0x40);
            var ones = uuids.Count(u => (u[index] & mask) != 0);
            Assert.True(fixedBit ? ones is 0 or 512 : ones is > 0 and < 512, $"byte {index} mask {mask:x}: {ones} of 512 set");
        }
    }
}

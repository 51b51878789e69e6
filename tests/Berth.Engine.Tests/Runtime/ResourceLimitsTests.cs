using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public class ResourceLimitsTests
{
    [Theory]
    [InlineData("64m", 64L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("10485760", 10485760L)]
    [InlineData("512MB", 512L << 20)]
    public void ParseMemory_Units_GiveBytes(string value, long bytes)
    {
        Assert.Equal(bytes, ResourceLimits.ParseMemory(value));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-5m")]
    [InlineData("1k")]
    public void ParseMemory_Bad_Throws(string value)
    {
        Assert.Throws<InvalidArgumentException>(() => ResourceLimits.ParseMemory(value));
    }
}

public class ResourceLimitsUpdateTests
{
    [Fact]
    public void With_OnlyGivenLimits_ReplaceTheCurrentOnes()
    {
        var current = new ResourceLimits(64L << 20, 0.5, 100) { CpusetCpus = "0" };

        var updated = current.With(new ResourceLimits(MemoryBytes: 128L << 20) { BlkioWeight = 300 });

        Assert.Equal(new ResourceLimits(128L << 20, 0.5, 100) { CpusetCpus = "0", BlkioWeight = 300 }, updated);
    }

    [Fact]
    public void With_CpuQuota_ReplacesCpusKeepingItsPeriod()
    {
        var updated = new ResourceLimits(Cpus: 1.5).With(new ResourceLimits { CpuQuota = 20_000 });

        Assert.Equal((null, 20_000L, 100_000UL), (updated.Cpus, updated.EffectiveCpuQuota, updated.EffectiveCpuPeriod));
    }

    [Fact]
    public void With_CpuPeriod_KeepsTheQuotaCpusMeant()
    {
        var updated = new ResourceLimits(Cpus: 0.5).With(new ResourceLimits { CpuPeriod = 200_000 });

        Assert.Equal((50_000L, 200_000UL), (updated.CpuQuota, updated.CpuPeriod));
    }

    [Fact]
    public void With_Cpus_ReplacesQuotaAndPeriod()
    {
        var updated = new ResourceLimits { CpuQuota = 10_000, CpuPeriod = 50_000 }.With(new ResourceLimits(Cpus: 2));

        Assert.Equal((2.0, null, null, 200_000L), (updated.Cpus, updated.CpuQuota, updated.CpuPeriod, updated.EffectiveCpuQuota));
    }

    [Theory]
    [InlineData(1L << 20, null, null, null, "Minimum memory limit allowed is 6MB")]
    [InlineData(64L << 20, 128L << 20, null, null, "Minimum memory limit can not be less than memory reservation limit, see usage")]
    [InlineData(64L << 20, null, 32L << 20, null, "Minimum memoryswap limit should be larger than memory limit, see usage")]
    [InlineData(null, null, 32L << 20, null, "You should always set the Memory limit when using Memoryswap limit, see usage")]
    [InlineData(null, null, null, (ushort)5, "Range of blkio weight is from 10 to 1000")]
    public void Validated_LimitsThatDoNotFit_AreRefusedInDockersWords(long? memory, long? reservation, long? swap, ushort? blkio, string error)
    {
        var limits = new ResourceLimits(memory) { MemoryReservation = reservation, MemorySwap = swap, BlkioWeight = blkio };

        Assert.Equal(error, Assert.Throws<InvalidArgumentException>(() => limits.Validated()).Message);
    }

    [Fact]
    public void Validated_UnlimitedSwapWithoutMemory_IsAccepted()
    {
        var limits = new ResourceLimits { MemorySwap = -1 };

        Assert.Same(limits, limits.Validated());
    }

    [Theory]
    [InlineData("-1", true, -1L)]
    [InlineData("1k", false, 1024L)]
    [InlineData("2g", false, 2L << 30)]
    [InlineData("100b", false, 100L)]
    public void ParseSize_UnitsAndUnlimited(string value, bool allowUnlimited, long bytes)
    {
        Assert.Equal(bytes, ResourceLimits.ParseSize(value, allowUnlimited));
    }

    [Fact]
    public void ParseSize_Junk_IsAnInvalidSize()
    {
        Assert.Equal("invalid size: '1x'", Assert.Throws<InvalidArgumentException>(() => ResourceLimits.ParseSize("1x")).Message);
    }
}

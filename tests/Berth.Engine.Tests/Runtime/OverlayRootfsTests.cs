using Berth.Engine.Linux;
using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

/// <summary>Mounts real overlays over a one-file lower directory in a temporary directory (as root).</summary>
public sealed class OverlayRootfsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-overlay-").FullName;

    private string Lower => Path.Combine(_root, "lower");

    private string Upper => Path.Combine(_root, "upper");

    private string Work => Path.Combine(_root, "work");

    private string Target => Path.Combine(_root, "rootfs");

    public OverlayRootfsTests()
    {
        Directory.CreateDirectory(Lower);
        File.WriteAllText(Path.Combine(Lower, "image-file"), "from the image");
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Mount_ThrowawayLayerOnly_IsVolatile(bool throwaway, bool volatileMount)
    {
        OverlayRootfs.Mount([Lower], Upper, Work, Target, throwaway);

        Assert.Equal("from the image", File.ReadAllText(Path.Combine(Target, "image-file")));
        Assert.Equal(volatileMount, SuperOptionsOf(Target).Contains("volatile", StringComparison.Ordinal));
    }

    [Fact]
    public void Mount_AfterAVolatileMountEnded_MountsTheLayerAgainWithWhatWasWritten()
    {
        // overlayfs refuses any later mount of a layer once mounted volatile, clean unmount or not, unless its marker goes.
        OverlayRootfs.Mount([Lower], Upper, Work, Target, throwaway: true);
        File.WriteAllText(Path.Combine(Target, "written"), "by the container");
        OverlayRootfs.Unmount(Target);

        OverlayRootfs.Mount([Lower], Upper, Work, Target);

        Assert.Equal("by the container", File.ReadAllText(Path.Combine(Target, "written")));
        Assert.DoesNotContain("volatile", SuperOptionsOf(Target), StringComparison.Ordinal);
    }

    /// <summary>The super options of the mount at <paramref name="target"/>: the last field of its mountinfo line.</summary>
    private static string SuperOptionsOf(string target) =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Single(f => f[4] == target)[^1];

    public void Dispose()
    {
        if (Posix.IsMountPoint(Target))
        {
            OverlayRootfs.Unmount(Target);
        }
        Directory.Delete(_root, recursive: true);
    }
}

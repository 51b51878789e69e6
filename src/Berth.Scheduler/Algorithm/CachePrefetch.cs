using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Berth.Scheduler.Algorithm;

/// <summary>
/// Asks the CPU to start loading an object's first cache lines before the code reads it: a hint that cannot fault and does
/// not change what the program reads (an object the GC moves meanwhile is simply read from its new place).
/// </summary>
internal static class CachePrefetch
{
    private const int CacheLine = 64;

    public static unsafe void Lines(object value, int lines)
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        var address = (byte*)Unsafe.As<object, nint>(ref value);
        for (var line = 0; line < lines; line++)
        {
            Sse.Prefetch0(address + (line * CacheLine));
        }
    }
}

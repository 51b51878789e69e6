namespace Berth.Engine.Pods;

/// <summary>
/// The infra container's process: a static x86-64 ELF of 216 bytes that sleeps in pause(2) and exits 0 on SIGTERM or
/// SIGINT (as catatonit does for Podman's pause image). As PID 1 of its namespace it would ignore a signal it has no
/// handler for, so `pod stop` would have to wait for SIGKILL. Made here, so a pod never needs an image pulled.
/// </summary>
public static class PauseProgram
{
    private const ulong LoadAddress = 0x400000;
    private const int HeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const int CodeOffset = HeaderSize + ProgramHeaderSize;
    private const int HandlerOffset = 0x30;
    private const ulong SaRestorer = 0x04000000;

    // Assembled from (Intel syntax; `act` is the kernel's struct sigaction at code offset 0x40):
    //   lea rsi,[rip+act]; mov edi,15; xor edx,edx; mov r10d,8; mov eax,13; syscall   rt_sigaction(SIGTERM, &act, NULL, 8)
    //   mov edi,2; mov eax,13; syscall                                                 rt_sigaction(SIGINT, &act, NULL, 8)
    //   loop: mov eax,34; syscall; jmp loop                                            pause() for ever
    //   handler: xor edi,edi; mov eax,231; syscall                                     exit_group(0)
    private static readonly byte[] Code =
    [
        0x48, 0x8d, 0x35, 0x39, 0x00, 0x00, 0x00, 0xbf, 0x0f, 0x00, 0x00, 0x00, 0x31, 0xd2, 0x41, 0xba,
        0x08, 0x00, 0x00, 0x00, 0xb8, 0x0d, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xbf, 0x02, 0x00, 0x00, 0x00,
        0xb8, 0x0d, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7,
        0x31, 0xff, 0xb8, 0xe7, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
    ];

    /// <summary>The program as an executable file's bytes: ELF header, one loadable segment, code, sigaction.</summary>
    public static byte[] Build()
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        var size = CodeOffset + Code.Length + 32;
        writer.Write([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // 64-bit, little-endian, System V
        writer.Write((ushort)2); // ET_EXEC
        writer.Write((ushort)0x3e); // x86-64
        writer.Write(1u);
        writer.Write(LoadAddress + CodeOffset); // entry
        writer.Write((ulong)HeaderSize); // program headers
        writer.Write(0UL); // no section headers
        writer.Write(0u);
        writer.Write((ushort)HeaderSize);
        writer.Write((ushort)ProgramHeaderSize);
        writer.Write((ushort)1);
        writer.Write((ushort)64);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write(1u); // PT_LOAD of the whole file
        writer.Write(5u); // readable, executable
        writer.Write(0UL);
        writer.Write(LoadAddress);
        writer.Write(LoadAddress);
        writer.Write((ulong)size);
        writer.Write((ulong)size);
        writer.Write(0x1000UL);
        writer.Write(Code);
        // x86-64 delivers a signal only to a handler with SA_RESTORER (else SIGSEGV); the handler never returns, so the
        // restorer is never called: the handler stands in.
        writer.Write(LoadAddress + CodeOffset + HandlerOffset); // sa_handler
        writer.Write(SaRestorer); // sa_flags
        writer.Write(LoadAddress + CodeOffset + HandlerOffset); // sa_restorer
        writer.Write(0UL); // sa_mask
        writer.Flush();
        return buffer.ToArray();
    }
}

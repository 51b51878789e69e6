namespace Berth.ApiServer.Auditing;

/// <summary>Where audit lines go: a rotating file or standard output. Used by one writer thread only.</summary>
public interface IAuditSink : IDisposable
{
    /// <summary>One whole line, newline included.</summary>
    void Write(ReadOnlySpan<byte> line);

    void Flush();
}

/// <summary><c>--audit-log-path -</c>: the server's standard output.</summary>
public sealed class StandardOutputSink : IAuditSink
{
    private readonly Stream _stdout = Console.OpenStandardOutput();

    public void Write(ReadOnlySpan<byte> line) => _stdout.Write(line);

    public void Flush() => _stdout.Flush();

    public void Dispose() => _stdout.Dispose();
}

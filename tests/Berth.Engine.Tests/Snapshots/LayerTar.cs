using System.Formats.Tar;

namespace Berth.Engine.Tests.Snapshots;

/// <summary>Builds small layer tarballs in memory for tests.</summary>
internal sealed class LayerTar
{
    private readonly MemoryStream _buffer = new();
    private readonly TarWriter _writer;

    public LayerTar() => _writer = new TarWriter(_buffer, TarEntryFormat.Pax, leaveOpen: true);

    public LayerTar Directory(string name, int mode = 0x1ED, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode, Uid = uid, Gid = gid });

    public LayerTar File(string name, string content, int mode = 0x1A4, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)mode,
            Uid = uid,
            Gid = gid,
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
        });

    public LayerTar Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0x1FF });

    public LayerTar HardLink(string name, string target) => Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });

    public LayerTar Fifo(string name) => Add(new PaxTarEntry(TarEntryType.Fifo, name) { Mode = (UnixFileMode)0x1A4 });

    public byte[] ToArray()
    {
        _writer.Dispose();
        return _buffer.ToArray();
    }

    public MemoryStream ToStream() => new(ToArray());

    private LayerTar Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }
}

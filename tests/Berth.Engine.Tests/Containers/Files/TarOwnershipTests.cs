using System.Formats.Tar;
using Berth.Engine.Containers.Files;
using Berth.Engine.Linux;
using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Containers.Files;

public sealed class TarOwnershipTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-tar-owner-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task FromArchive_GivesEachEntryTheOwnerItCarries()
    {
        await ExtractAsync(TarOwnership.FromArchive);

        Assert.Equal((4242, 4343), Owner("dir"));
        Assert.Equal((7, 8), Owner("dir/file"));
        Assert.Equal((9, 10), Owner("dir/link"));
    }

    [Fact]
    public async Task Of_GivesEveryEntryOneOwner_AndKeepsTheSetUserIdBit()
    {
        await ExtractAsync(TarOwnership.Of(new ContainerUser(1000, 1001, [])));

        Assert.Equal((1000, 1001), Owner("dir"));
        Assert.Equal((1000, 1001), Owner("dir/file"));
        Assert.Equal((1000, 1001), Owner("dir/link"));
        Assert.Equal(Convert.ToUInt32("4700", 8), Posix.LStat(Path.Combine(_root, "dir/file")).Mode & 0xFFF);
    }

    [Fact]
    public async Task Caller_LeavesWhatItCreatesToTheExtractingProcess()
    {
        await ExtractAsync(TarOwnership.Caller);

        Assert.Equal((0, 0), Owner("dir"));
        Assert.Equal((0, 0), Owner("dir/file"));
    }

    private async Task ExtractAsync(TarOwnership ownership)
    {
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "dir/") { Uid = 4242, Gid = 4343, Mode = (UnixFileMode)0b111_101_101 });
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "dir/file")
            {
                Uid = 7,
                Gid = 8,
                Mode = UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                DataStream = new MemoryStream("#!/bin/sh\n"u8.ToArray()),
            });
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "dir/link") { Uid = 9, Gid = 10, LinkName = "file" });
        }
        tar.Position = 0;
        await TarTree.ExtractAsync(tar, _root, "/", ownership, CancellationToken.None);
    }

    private (int Uid, int Gid) Owner(string path)
    {
        var status = Posix.LStat(Path.Combine(_root, path));
        return (status.Uid, status.Gid);
    }
}

using System.Formats.Tar;
using System.IO.Pipelines;

namespace Berth.Engine.Containers.Files;

/// <summary>
/// `cp` between a container and the host, as Podman's: into an existing directory under the source's name,
/// otherwise to the destination's name in its (existing) parent; "-" streams a tar from stdin or to stdout.
/// A directory does not replace a non-directory, nor the reverse, without <c>overwrite</c>. What lands in the container
/// belongs to its primary user and group, or with <c>keepOwners</c> to the owners the source has (`--archive=false`).
/// </summary>
public sealed class ContainerCopier(ContainerStateReader states, ContainerFiles files)
{
    public async Task CopyAsync(CopyEndpoint source, CopyEndpoint destination, bool overwrite, bool keepOwners, Stream stdin, Stream stdout, CancellationToken cancellationToken)
    {
        switch (source.Container, destination.Container)
        {
            case (not null, not null):
                throw new InvalidArgumentException("copying between containers is not supported");
            case (null, null):
                throw new InvalidArgumentException($"invalid arguments {source.Path}, {destination.Path}: you must use at least one container");
            case (not null, null):
                await FromContainerAsync(source, destination.Path, overwrite, stdout, cancellationToken);
                break;
            default:
                await IntoContainerAsync(source.Path, destination, overwrite, keepOwners, stdin, cancellationToken);
                break;
        }
    }

    private async Task FromContainerAsync(CopyEndpoint source, string destination, bool overwrite, Stream stdout, CancellationToken cancellationToken)
    {
        var record = states.FindRefreshed(source.Container!);
        using var container = await files.OpenAsync(record, cancellationToken);
        var from = container.Find(source.Path, followLast: false) ?? throw NotInContainer(source.Path, record);
        if (destination == "-")
        {
            await container.WriteArchiveAsync(source.Path, stdout, cancellationToken);
            return;
        }
        var (directory, name) = Target(destination, source.Path, Directory.Exists, () => NotOnHost(destination));
        CheckReplace(from, Path.Combine(directory, name), overwrite);
        await CopyTreeAsync(from, name, tar => TarTree.ExtractAsync(tar, "/", Path.GetFullPath(directory), TarOwnership.Caller, cancellationToken), cancellationToken);
    }

    private async Task IntoContainerAsync(string source, CopyEndpoint destination, bool overwrite, bool keepOwners, Stream stdin, CancellationToken cancellationToken)
    {
        if (source != "-" && !Path.Exists(source) && new FileInfo(source).LinkTarget is null)
        {
            throw NotOnHost(source);
        }
        var record = states.FindRefreshed(destination.Container!);
        using var container = await files.OpenAsync(record, cancellationToken);
        var ownership = keepOwners ? TarOwnership.FromArchive : TarOwnership.Of(container.User);
        if (source == "-")
        {
            await container.ExtractAsync(destination.Path, stdin, ownership, cancellationToken);
            return;
        }
        var (directory, name) = Target(destination.Path, source, path => Directory.Exists(container.Find(path, followLast: true)),
            () => NotInContainer(destination.Path, record));
        if (container.Find($"{directory}/{name}", followLast: false) is { } replaced)
        {
            CheckReplace(source, replaced, overwrite);
        }
        await CopyTreeAsync(source, name, tar => container.ExtractAsync(directory, tar, ownership, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Where a copy lands: inside an existing directory under the source's base name, else under the destination's
    /// own name in its parent, which must be a directory (and a destination ending in "/" must be one itself).
    /// </summary>
    public static (string Directory, string Name) Target(string destination, string source, Func<string, bool> isDirectory, Func<Exception> missing)
    {
        if (isDirectory(destination))
        {
            return (destination, ContainerFileSystem.BaseName(source));
        }
        var trimmed = destination.TrimEnd('/');
        var parent = Path.GetDirectoryName(trimmed) is { Length: > 0 } above ? above : trimmed.StartsWith('/') ? "/" : ".";
        return destination.EndsWith('/') || !isDirectory(parent) ? throw missing() : (parent, Path.GetFileName(trimmed));
    }

    private static void CheckReplace(string from, string to, bool overwrite)
    {
        var fromDirectory = new DirectoryInfo(from) is { Exists: true, LinkTarget: null };
        var toDirectory = new DirectoryInfo(to) is { Exists: true, LinkTarget: null };
        if (!Path.Exists(to) || fromDirectory == toDirectory)
        {
            return;
        }
        if (!overwrite)
        {
            throw new InvalidArgumentException(fromDirectory
                ? $"cannot overwrite non-directory \"{to}\" with directory \"{from}\": use --overwrite"
                : $"cannot overwrite directory \"{to}\" with non-directory \"{from}\": use --overwrite");
        }
        if (toDirectory)
        {
            Directory.Delete(to, recursive: true);
        }
        else
        {
            File.Delete(to);
        }
    }

    /// <summary>Streams <paramref name="hostPath"/> as a tar named <paramref name="name"/> into <paramref name="extract"/>.</summary>
    private static async Task CopyTreeAsync(string hostPath, string name, Func<Stream, Task> extract, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            await using var output = pipe.Writer.AsStream();
            await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
            await TarTree.WriteAsync(writer, hostPath, name, cancellationToken);
        }, cancellationToken);
        await using (var input = pipe.Reader.AsStream())
        {
            await extract(input);
        }
        await writing;
    }

    private static NotFoundException NotInContainer(string path, ContainerRecord record) =>
        new($"\"{path}\" could not be found on container {record.Name}: no such file or directory");

    private static NotFoundException NotOnHost(string path) => new($"\"{path}\" could not be found on the host: no such file or directory");
}

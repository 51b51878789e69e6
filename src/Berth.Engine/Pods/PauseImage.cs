using System.Formats.Tar;
using Berth.Engine.Images;

namespace Berth.Engine.Pods;

/// <summary>
/// The infra containers' image, made locally from <see cref="PauseProgram"/> on first use (Podman builds its
/// localhost/podman-pause the same way): one layer holding /pause, never pulled.
/// </summary>
public sealed class PauseImage(ImageStore images)
{
    public const string Reference = "localhost/berth-pause:1";
    public const string Command = "/pause";

    /// <summary>The image's reference, imported unless the store has it.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (ImageLookup.Find(await images.ListAsync(cancellationToken), Reference) is not null)
        {
            return Reference;
        }
        var tar = Path.Combine(Path.GetTempPath(), $"berth-pause-{Guid.NewGuid():N}.tar");
        try
        {
            await WriteLayerAsync(tar, cancellationToken);
            await new ImageImporter(images).ImportAsync(tar, Reference, cancellationToken);
        }
        finally
        {
            File.Delete(tar);
        }
        return Reference;
    }

    private static async Task WriteLayerAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await using var writer = new TarWriter(file, TarEntryFormat.Pax);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, Command.TrimStart('/'))
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            DataStream = new MemoryStream(PauseProgram.Build()),
        };
        await writer.WriteEntryAsync(entry, cancellationToken);
    }
}

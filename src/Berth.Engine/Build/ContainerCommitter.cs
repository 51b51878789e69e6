using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;

namespace Berth.Engine.Build;

/// <summary>
/// `commit`: a new image from a container, its image's layers plus one layer of the container's changes (its
/// overlay upper directory, written as a build step's layer), with the image's config as the changes alter it.
/// </summary>
public sealed class ContainerCommitter(ImageStore images, ContainerEngine containers)
{
    public async Task<ImageRecord> CommitAsync(ContainerRecord record, CommitRequest request, CancellationToken cancellationToken)
    {
        var changes = CommitChanges.Parse(request.Changes);
        var names = request.Reference is { } reference ? [ImageReference.Parse(reference).FullName] : Array.Empty<string>();
        var image = await images.FindAsync(record.ImageId, cancellationToken);
        var config = await images.ReadConfigAsync(image, cancellationToken);
        var state = new BuildState();
        state.Inherit(image, await images.ReadManifestAsync(image, cancellationToken), config, images.LayerDirectories(config));
        // The session clears tmp/ as it begins: the layer's tar is written after.
        using var session = await images.BeginWriteAsync(cancellationToken);
        var tarPath = images.Layout.NewTempPath("commit");
        Directory.CreateDirectory(Path.GetDirectoryName(tarPath)!);
        try
        {
            await WriteChangesAsync(record, request.Pause, tarPath, cancellationToken);
            state.AddLayer(await session.AddLayerAsync(() => File.OpenRead(tarPath), state.ChainId, cancellationToken));
            CommitChanges.Apply(changes, state);
            var created = DateTimeOffset.UtcNow;
            state.History.Add(new OciHistory { Created = created, CreatedBy = string.Join(' ', record.Command), Comment = request.Message, Author = request.Author });
            var committed = await session.CommitAsync(state.ToConfig(created) with { Author = request.Author }, state.Layers, state.Size, names, cancellationToken);
            containers.Events.Container("commit", record);
            return committed;
        }
        finally
        {
            File.Delete(tarPath);
        }
    }

    private async Task WriteChangesAsync(ContainerRecord record, bool pause, string tarPath, CancellationToken cancellationToken)
    {
        var paused = pause && record.Status == ContainerStatus.Running ? await containers.Lifecycle.PauseAsync(record, cancellationToken) : null;
        try
        {
            await using var tar = File.Create(tarPath);
            await LayerDiffer.WriteAsync(containers.Store.PathsOf(record.Id).Upper, tar, cancellationToken);
        }
        finally
        {
            if (paused is not null)
            {
                await containers.Lifecycle.UnpauseAsync(paused, CancellationToken.None);
            }
        }
    }
}

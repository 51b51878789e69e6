using Berth.Engine.Images;
using Berth.Engine.Progress;
using Berth.Engine.Registry;

namespace Berth.Engine.Build;

/// <summary>
/// Finds the images a build starts from (FROM, COPY --from=IMAGE), pulling them through the
/// <see cref="ImagePuller"/> <paramref name="openPuller"/> makes, as the pull policy says, under the
/// build's display. Runs before the build takes the store lock, since a pull takes it too.
/// </summary>
public sealed class BaseImageSource(ImageStore store, Func<ITransferProgress, ImagePuller>? openPuller, BuildOutput output)
{
    /// <summary>Returns the id of the local image <paramref name="reference"/> names, pulled first when the policy asks.</summary>
    public async Task<string> EnsureAsync(string reference, PullPolicy policy, CancellationToken cancellationToken)
    {
        var local = ImageLookup.Find(await store.ListAsync(cancellationToken), reference);
        if (policy == PullPolicy.Never || (policy == PullPolicy.Missing && local is not null))
        {
            return local?.Id ?? throw new BerthException($"{reference}: image not known");
        }
        if (openPuller is null)
        {
            throw new BerthException($"{reference}: image not known (pulling is not available)");
        }
        var remote = RegistryReference.Parse(reference);
        await output.Progress.WriteLineAsync($"Trying to pull {remote}...");
        var image = await output.Display.ShowAsync(progress => openPuller(progress).PullAsync(remote, PlatformSpec.Default, cancellationToken));
        return image.Id;
    }
}

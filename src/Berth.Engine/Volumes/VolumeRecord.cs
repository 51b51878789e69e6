namespace Berth.Engine.Volumes;

/// <summary>A named volume as the engine stores it in ROOT/volumes/NAME/volume.json; its data is ROOT/volumes/NAME/_data.</summary>
public sealed record VolumeRecord
{
    public required string Name { get; init; }

    /// <summary>The directory containers mount (Docker's layout: …/volumes/NAME/_data).</summary>
    public required string Mountpoint { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>Always "local": a directory on the engine root's filesystem.</summary>
    public string Driver { get; init; } = VolumeStore.LocalDriver;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Made for one container (an image's VOLUME, <c>-v /path</c>, <c>--mount type=volume</c> without a source) rather than
    /// by name: `rm -v` and an --rm container's removal take it along, as Docker and Podman do.
    /// </summary>
    public bool Anonymous { get; init; }

    /// <summary>The local driver's options (`volume create -o K=V`), as given; see <see cref="VolumeOptions"/>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

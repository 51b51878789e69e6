namespace Berth.Engine.Progress;

/// <summary>
/// What a blob is: a layer or config of an image, as Podman names it in "Copying blob" / "Copying
/// config"; or, in a build, the files a COPY/ADD copies or downloads and the layer a step commits.
/// </summary>
public enum BlobKind
{
    Layer,
    Config,

    /// <summary>The sources a COPY or ADD step copies; the digest is of their names, modes and content.</summary>
    Files,

    /// <summary>A layer a build step commits; the digest is its diff id (of the uncompressed tar).</summary>
    Commit,

    /// <summary>A file an ADD fetches from <see cref="BlobTransfer.Source"/>, a URL; the digest is of the URL (the content's is known only at the end).</summary>
    Download,
}

namespace Berth.Engine.Progress;

/// <summary>
/// What a blob is: a layer or config of an image, as Podman names it in "Copying blob" / "Copying
/// config"; or, in a build, the files a COPY/ADD copies and the layer a step commits.
/// </summary>
public enum BlobKind
{
    Layer,
    Config,

    /// <summary>The sources a COPY or ADD step copies; the digest is of their names, modes and content.</summary>
    Files,

    /// <summary>A layer a build step commits; the digest is its diff id (of the uncompressed tar).</summary>
    Commit,
}

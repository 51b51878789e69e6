namespace Berth.Engine.Build;

/// <summary>When `image build` pulls a base image, as `podman build --pull=…`.</summary>
public enum PullPolicy
{
    /// <summary>Only when no local image matches (the default).</summary>
    Missing,

    /// <summary>Every time, even when a local image matches; a failed pull fails the build.</summary>
    Always,

    /// <summary>Never: a base image must be local.</summary>
    Never,
}

using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;

namespace Berth.Engine.Images;

/// <summary>A layer stored twice: as a blob, gzip or plain tar (for manifests and archives), and as a snapshot (for containers).</summary>
public sealed record IngestedLayer(OciDescriptor Blob, LayerSnapshot Snapshot);

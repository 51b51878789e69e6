using System.Text.Json.Nodes;

namespace Berth.Engine.Network;

/// <summary>
/// What DEL needs about one container, written before anything is created so that a later
/// process can undo a half-done or finished attach: the conflist used, the namespace, the ports,
/// and once ADD succeeded the result the plugins expect back as prevResult.
/// </summary>
internal sealed record AttachmentRecord(
    string ContainerId,
    string NamespacePath,
    string InterfaceName,
    JsonObject Network,
    IReadOnlyList<PortMapping> Ports,
    JsonObject? Result = null,
    NetworkAttachment? Attachment = null);

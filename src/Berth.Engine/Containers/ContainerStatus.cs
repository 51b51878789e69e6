namespace Berth.Engine.Containers;

/// <summary>
/// The lifecycle of a container record:
/// <code>
///   Created ──start──▶ Running ◀──unpause── Paused
///                        │  └─────pause──────▶ │
///                        └──exit/stop/kill──▶ Exited ◀──(stop/kill)──┘
///   Exited ──start──▶ Created (recreated: new shim, rootfs mount, network) ──start──▶ Running
///   Created/Exited ──rm──▶ (gone);  any ──rm -f──▶ (gone)
/// </code>
/// </summary>
public enum ContainerStatus
{
    Created,
    Running,
    Paused,
    Exited,
}

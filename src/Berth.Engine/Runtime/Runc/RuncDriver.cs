using Berth.Engine.Runtime.Oci;

namespace Berth.Engine.Runtime.Runc;

/// <summary>runc, the default runtime: handles this host's hybrid cgroups (v1 controllers via cgroupsPath).</summary>
public sealed class RuncDriver(string binaryPath, string stateRoot) : OciCliDriver("runc", binaryPath, stateRoot);

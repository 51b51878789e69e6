using Berth.Engine.Runtime.Oci;

namespace Berth.Engine.Runtime.Crun;

/// <summary>crun, selectable with <c>--runtime crun</c>; it refuses hosts whose cgroups are in hybrid mode.</summary>
public sealed class CrunDriver(string binaryPath, string stateRoot) : OciCliDriver("crun", binaryPath, stateRoot)
{
    public override bool TellsRunFailuresApart => false;

    public override BerthException CreateFailed(string runtimeMessage) =>
        runtimeMessage.Contains("hybrid mode")
            ? new BerthException("crun cannot run containers on this host: its cgroups are in hybrid mode (v1 controllers beside a v2 hierarchy); use --runtime runc")
            : base.CreateFailed(runtimeMessage);
}

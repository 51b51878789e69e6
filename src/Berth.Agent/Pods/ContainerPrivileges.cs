using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A container's securityContext as the engine's security settings: capabilities added and dropped,
/// privileged, readOnlyRootFilesystem, and no_new_privs only where allowPrivilegeEscalation is false
/// (Kubernetes' default allows escalation, where the engine's CLI default does not).
/// </summary>
public static class ContainerPrivileges
{
    public static ContainerSecurity For(V1Container container)
    {
        var context = container.SecurityContext;
        return new ContainerSecurity
        {
            CapAdd = [.. context?.Capabilities?.Add ?? []],
            CapDrop = [.. context?.Capabilities?.Drop ?? []],
            Privileged = context?.Privileged == true,
            ReadOnlyRootfs = context?.ReadOnlyRootFilesystem == true,
            NoNewPrivileges = context?.AllowPrivilegeEscalation == false,
        };
    }
}

using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// The user a container runs as from its securityContext over the pod's (runAsUser, runAsGroup),
/// and kube's runAsNonRoot check against it or, without one, the image's user.
/// </summary>
public static class ContainerUser
{
    /// <summary>The engine's user ("UID", "UID:GID", "IMAGEUSER:GID"), or null to keep the image's.</summary>
    public static string? For(V1Pod pod, V1Container container, string? imageUser)
    {
        var (user, group) = (RunAsUser(pod, container), RunAsGroup(pod, container));
        if (user is null && group is null)
        {
            return null;
        }
        var name = user?.ToString() ?? (string.IsNullOrEmpty(imageUser) ? "0" : imageUser.Split(':')[0]);
        return group is null ? name : $"{name}:{group}";
    }

    /// <summary>Throws kube's CreateContainerConfigError when runAsNonRoot is asked for and the container would run as root, or cannot be shown not to.</summary>
    public static void CheckNonRoot(V1Pod pod, V1Container container, string? imageUser)
    {
        if ((container.SecurityContext?.RunAsNonRoot ?? pod.Spec.SecurityContext?.RunAsNonRoot) != true)
        {
            return;
        }
        var where = $"(pod: \"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})\", container: {container.Name})";
        if (RunAsUser(pod, container) is { } uid)
        {
            if (uid == 0)
            {
                throw new PodStartException("CreateContainerConfigError", $"container's runAsUser breaks non-root policy {where}");
            }
            return;
        }
        var user = string.IsNullOrEmpty(imageUser) ? "0" : imageUser.Split(':')[0];
        if (!long.TryParse(user, out var imageUid))
        {
            throw new PodStartException("CreateContainerConfigError", $"container has runAsNonRoot and image has non-numeric user ({user}), cannot verify user is non-root {where}");
        }
        if (imageUid == 0)
        {
            throw new PodStartException("CreateContainerConfigError", $"container has runAsNonRoot and image will run as root {where}");
        }
    }

    private static long? RunAsUser(V1Pod pod, V1Container container) => container.SecurityContext?.RunAsUser ?? pod.Spec.SecurityContext?.RunAsUser;

    private static long? RunAsGroup(V1Pod pod, V1Container container) => container.SecurityContext?.RunAsGroup ?? pod.Spec.SecurityContext?.RunAsGroup;
}

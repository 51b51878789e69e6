using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.Endpoints;

/// <summary>
/// What a Service's endpoints are made of (kube's endpoint util): the pods it selects that have an
/// address, each port resolved against the pod (a named targetPort by the container port of that
/// name and protocol), and the endpoint conditions.
/// </summary>
public static class ServicePods
{
    /// <summary>Pods that can be endpoints: an IP, not finished (terminating ones are kept with their conditions).</summary>
    public static bool HasAddress(V1Pod pod) => !string.IsNullOrEmpty(pod.Status?.PodIP) && !PodConditions.IsTerminal(pod);

    /// <summary>The pod's port for a service port, or null when the pod has no container port of that name.</summary>
    public static int? FindPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort?.Value;
        if (string.IsNullOrEmpty(target))
        {
            return servicePort.Port;
        }
        if (int.TryParse(target, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        var protocol = servicePort.Protocol ?? "TCP";
        return pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .FirstOrDefault(p => p.Name == target && (p.Protocol ?? "TCP") == protocol)?.ContainerPort;
    }

    /// <summary>(port name, protocol, number, appProtocol) of every service port this pod serves, in the service's order.</summary>
    public static List<(string? Name, string Protocol, int Port, string? AppProtocol)> PortsOf(V1Pod pod, V1Service service) =>
        (service.Spec.Ports ?? [])
            .Select(p => (Port: p, Number: FindPort(pod, p)))
            .Where(p => p.Number is not null)
            .Select(p => ((string?)p.Port.Name, p.Port.Protocol ?? "TCP", p.Number!.Value, (string?)p.Port.AppProtocol))
            .ToList();

    /// <summary>Ready: serving and not terminating (always, with publishNotReadyAddresses). Serving: the pod is ready.</summary>
    public static (bool Ready, bool Serving, bool Terminating) Conditions(V1Pod pod, V1Service service)
    {
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        var serving = PodConditions.IsReady(pod);
        var ready = service.Spec.PublishNotReadyAddresses == true || (serving && !terminating);
        return (ready, serving, terminating);
    }

    /// <summary>The endpoint hostname: the pod's hostname when its subdomain is the Service's name (headless DNS).</summary>
    public static string? Hostname(V1Pod pod, V1Service service) =>
        !string.IsNullOrEmpty(pod.Spec.Hostname) && pod.Spec.Subdomain == service.Metadata.Name ? pod.Spec.Hostname : null;
}

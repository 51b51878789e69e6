using System.Globalization;
using k8s.Models;

namespace Berth.Agent.Probes;

/// <summary>A probe's or hook's port: a number, or the name of one of the container's ports (kubelet's extractPort).</summary>
public static class ProbePort
{
    /// <summary>The port number, or null with <paramref name="error"/> in kube's words when it names no port or is out of range.</summary>
    public static int? Resolve(IntOrString port, V1Container container, out string error)
    {
        var text = port.Value ?? "";
        var number = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : container.Ports?.FirstOrDefault(p => p.Name == text)?.ContainerPort;
        if (number is null)
        {
            error = $"port {text} not found";
            return null;
        }
        if (number is <= 0 or >= 65536)
        {
            error = $"invalid port number: {number}";
            return null;
        }
        error = "";
        return number;
    }
}

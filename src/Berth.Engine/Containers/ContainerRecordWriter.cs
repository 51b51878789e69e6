using System.Text.Json;
using Berth.Engine.Json;

namespace Berth.Engine.Containers;

/// <summary>
/// Writes a container record's state.json with the <see cref="Utf8JsonWriter"/> directly: byte for byte what
/// <see cref="ContainerRecordJsonContext"/>'s options write (camelCase, indented, nulls left out, enums by name), which
/// ContainerRecordWriterTests pin against the serializer for every property. See <see cref="JsonBytes"/> for why.
/// </summary>
internal static class ContainerRecordWriter
{
    public static byte[] Serialize(ContainerRecord record) => JsonBytes.Write(record, Write, indented: true);

    private static void Write(Utf8JsonWriter writer, ContainerRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("id", record.Id);
        writer.WriteString("name", record.Name);
        writer.WriteString("imageId", record.ImageId);
        writer.WriteString("imageReference", record.ImageReference);
        writer.WriteStrings("command", record.Command);
        writer.WriteString("created", record.Created);
        writer.WriteString("runtime", record.Runtime);
        writer.WriteString("status", NameOf(record.Status));
        writer.WriteNumber("pid", record.Pid);
        writer.WriteStringUnlessNull("startedAt", record.StartedAt);
        writer.WriteStringUnlessNull("finishedAt", record.FinishedAt);
        writer.WriteNumberUnlessNull("exitCode", record.ExitCode);
        writer.WriteBoolean("oomKilled", record.OomKilled);
        writer.WriteString("network", NameOf(record.Network));
        writer.WriteStringUnlessNull("ipAddress", record.IPAddress);
        writer.WriteObjects("networks", record.Networks, WriteEndpoint);
        if (record.PodNetwork is { } podNetwork)
        {
            writer.WriteStartObject("podNetwork");
            writer.WriteStringUnlessNull("namespacePath", podNetwork.NamespacePath);
            writer.WriteStringUnlessNull("ipAddress", podNetwork.IPAddress);
            writer.WriteNumber("prefixLength", podNetwork.PrefixLength);
            writer.WriteStringUnlessNull("gateway", podNetwork.Gateway);
            writer.WriteStringUnlessNull("macAddress", podNetwork.MacAddress);
            writer.WriteEndObject();
        }
        writer.WriteStringUnlessNull("networkContainerId", record.NetworkContainerId);
        if (record.Pod is { } pod)
        {
            writer.WriteStartObject("pod");
            writer.WriteStringUnlessNull("podId", pod.PodId);
            writer.WriteStringUnlessNull("infraId", pod.InfraId);
            writer.WriteBoolean("isInfra", pod.IsInfra);
            writer.WriteEndObject();
        }
        writer.WriteObjects("ports", record.Ports, WritePort);
        writer.WriteObjects("mounts", record.Mounts, WriteMount);
        writer.WriteObjects("tmpfs", record.Tmpfs, WriteTmpfs);
        writer.WriteBoolean("terminal", record.Terminal);
        writer.WriteBoolean("interactive", record.Interactive);
        writer.WriteBoolean("autoRemove", record.AutoRemove);
        writer.WriteBoolean("runByClient", record.RunByClient);
        writer.WriteStrings("labels", record.Labels);
        writer.WriteStrings("env", record.Env);
        writer.WriteStringUnlessNull("workingDir", record.WorkingDir);
        writer.WriteStringUnlessNull("user", record.User);
        writer.WriteStringUnlessNull("hostname", record.Hostname);
        if (record.Resources is { } resources)
        {
            WriteResources(writer, resources);
        }
        if (record.RestartPolicy is { } restart)
        {
            writer.WriteStartObject("restartPolicy");
            writer.WriteStringUnlessNull("name", restart.Name);
            writer.WriteNumber("maximumRetryCount", restart.MaximumRetryCount);
            writer.WriteEndObject();
        }
        writer.WriteNumber("restartCount", record.RestartCount);
        writer.WriteTimeSpan("restartDelay", record.RestartDelay);
        writer.WriteBoolean("stoppedByUser", record.StoppedByUser);
        if (record.Healthcheck is { } health)
        {
            writer.WriteStartObject("healthcheck");
            writer.WriteStrings("test", health.Test);
            writer.WriteTimeSpan("interval", health.Interval);
            writer.WriteTimeSpan("timeout", health.Timeout);
            writer.WriteTimeSpan("startPeriod", health.StartPeriod);
            writer.WriteTimeSpan("startInterval", health.StartInterval);
            writer.WriteNumber("retries", health.Retries);
            writer.WriteEnum("onFailure", health.OnFailure);
            writer.WriteStrings("command", health.Command);
            writer.WriteEndObject();
        }
        writer.WriteString("shortId", record.ShortId);
        writer.WriteEndObject();
    }

    // Enum.ToString reads the names by reflection once per process (perf: 1% of a foreground run's CPU).
    private static string NameOf(ContainerStatus status) => status switch
    {
        ContainerStatus.Created => nameof(ContainerStatus.Created),
        ContainerStatus.Running => nameof(ContainerStatus.Running),
        ContainerStatus.Paused => nameof(ContainerStatus.Paused),
        ContainerStatus.Exited => nameof(ContainerStatus.Exited),
        _ => status.ToString(),
    };

    private static string NameOf(Runtime.NetworkMode mode) => mode switch
    {
        Runtime.NetworkMode.Bridge => nameof(Runtime.NetworkMode.Bridge),
        Runtime.NetworkMode.Host => nameof(Runtime.NetworkMode.Host),
        Runtime.NetworkMode.None => nameof(Runtime.NetworkMode.None),
        Runtime.NetworkMode.Pod => nameof(Runtime.NetworkMode.Pod),
        Runtime.NetworkMode.Container => nameof(Runtime.NetworkMode.Container),
        _ => mode.ToString(),
    };

    private static void WriteEndpoint(Utf8JsonWriter writer, Networks.NetworkEndpoint endpoint)
    {
        writer.WriteStringUnlessNull("network", endpoint.Network);
        writer.WriteStrings("aliases", endpoint.Aliases);
        writer.WriteStringUnlessNull("interfaceName", endpoint.InterfaceName);
        writer.WriteStringUnlessNull("requestedIPAddress", endpoint.RequestedIPAddress);
        writer.WriteStringUnlessNull("ipAddress", endpoint.IPAddress);
        writer.WriteNumber("prefixLength", endpoint.PrefixLength);
        writer.WriteStringUnlessNull("gateway", endpoint.Gateway);
        writer.WriteStringUnlessNull("macAddress", endpoint.MacAddress);
    }

    private static void WritePort(Utf8JsonWriter writer, Network.PortMapping port)
    {
        writer.WriteStringUnlessNull("hostIp", port.HostIp);
        writer.WriteNumber("hostPort", port.HostPort);
        writer.WriteNumber("containerPort", port.ContainerPort);
        writer.WriteStringUnlessNull("protocol", port.Protocol);
    }

    private static void WriteMount(Utf8JsonWriter writer, Runtime.BindMount mount)
    {
        writer.WriteStringUnlessNull("source", mount.Source);
        writer.WriteStringUnlessNull("destination", mount.Destination);
        writer.WriteBoolean("readOnly", mount.ReadOnly);
        writer.WriteStringUnlessNull("volumeName", mount.VolumeName);
        writer.WriteBoolean("noCopy", mount.NoCopy);
    }

    private static void WriteTmpfs(Utf8JsonWriter writer, Runtime.TmpfsMount tmpfs)
    {
        writer.WriteStringUnlessNull("destination", tmpfs.Destination);
        writer.WriteStrings("options", tmpfs.Options);
    }

    private static void WriteResources(Utf8JsonWriter writer, Runtime.ResourceLimits resources)
    {
        writer.WriteStartObject("resources");
        writer.WriteNumberUnlessNull("memoryBytes", resources.MemoryBytes);
        writer.WriteNumberUnlessNull("cpus", resources.Cpus);
        writer.WriteNumberUnlessNull("pidsLimit", resources.PidsLimit);
        writer.WriteNumberUnlessNull("cpuShares", resources.CpuShares);
        writer.WriteNumberUnlessNull("cpuQuota", resources.CpuQuota);
        writer.WriteNumberUnlessNull("cpuPeriod", resources.CpuPeriod);
        writer.WriteStringUnlessNull("cpusetCpus", resources.CpusetCpus);
        writer.WriteStringUnlessNull("cpusetMems", resources.CpusetMems);
        writer.WriteNumberUnlessNull("memoryReservation", resources.MemoryReservation);
        writer.WriteNumberUnlessNull("memorySwap", resources.MemorySwap);
        writer.WriteNumberUnlessNull("blkioWeight", resources.BlkioWeight);
        writer.WriteEndObject();
    }
}

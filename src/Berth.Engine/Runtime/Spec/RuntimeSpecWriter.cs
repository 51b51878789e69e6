using System.Text.Json;
using Berth.Engine.Json;

namespace Berth.Engine.Runtime.Spec;

/// <summary>
/// Writes config.json with the <see cref="Utf8JsonWriter"/> directly: compact, camelCase, nulls left out, as the runtime-spec
/// writes it and as <see cref="RuntimeSpecJsonContext"/>'s options would (RuntimeSpecWriterTests pin it against the
/// serializer for every property). Every container start writes one; see <see cref="JsonBytes"/> for why not the serializer.
/// </summary>
public static class RuntimeSpecWriter
{
    public static byte[] Serialize(RuntimeSpec spec) => JsonBytes.Write(spec, Write, indented: false);

    private static void Write(Utf8JsonWriter writer, RuntimeSpec spec)
    {
        writer.WriteStartObject();
        writer.WriteStringUnlessNull("ociVersion", spec.OciVersion);
        WriteProcess(writer, spec.Process);
        writer.WriteStartObject("root");
        writer.WriteStringUnlessNull("path", spec.Root.Path);
        writer.WriteBoolean("readonly", spec.Root.Readonly);
        writer.WriteEndObject();
        writer.WriteStringUnlessNull("hostname", spec.Hostname);
        writer.WriteObjects("mounts", spec.Mounts, WriteMount);
        WriteLinux(writer, spec.Linux);
        writer.WriteEndObject();
    }

    private static void WriteProcess(Utf8JsonWriter writer, ProcessSpec process)
    {
        writer.WriteStartObject("process");
        writer.WriteBoolean("terminal", process.Terminal);
        writer.WriteStartObject("user");
        writer.WriteNumber("uid", process.User.Uid);
        writer.WriteNumber("gid", process.User.Gid);
        if (process.User.AdditionalGids is { } gids)
        {
            writer.WriteStartArray("additionalGids");
            foreach (var gid in gids)
            {
                writer.WriteNumberValue(gid);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteStrings("args", process.Args);
        writer.WriteStrings("env", process.Env);
        writer.WriteStringUnlessNull("cwd", process.Cwd);
        if (process.Capabilities is { } capabilities)
        {
            writer.WriteStartObject("capabilities");
            writer.WriteStrings("bounding", capabilities.Bounding);
            writer.WriteStrings("effective", capabilities.Effective);
            writer.WriteStrings("permitted", capabilities.Permitted);
            writer.WriteEndObject();
        }
        writer.WriteObjects("rlimits", process.Rlimits, WriteRlimit);
        writer.WriteBoolean("noNewPrivileges", process.NoNewPrivileges);
        writer.WriteEndObject();
    }

    private static void WriteLinux(Utf8JsonWriter writer, LinuxSpec linux)
    {
        writer.WriteStartObject("linux");
        writer.WriteObjects("namespaces", linux.Namespaces, WriteNamespace);
        if (linux.Resources is { } resources)
        {
            WriteResources(writer, resources);
        }
        writer.WriteStringUnlessNull("cgroupsPath", linux.CgroupsPath);
        writer.WriteStrings("maskedPaths", linux.MaskedPaths);
        writer.WriteStrings("readonlyPaths", linux.ReadonlyPaths);
        if (linux.Seccomp is { } seccomp)
        {
            writer.WriteStartObject("seccomp");
            writer.WriteStringUnlessNull("defaultAction", seccomp.DefaultAction);
            writer.WriteStrings("architectures", seccomp.Architectures);
            writer.WriteObjects("syscalls", seccomp.Syscalls, WriteSyscalls);
            writer.WriteNumberUnlessNull("defaultErrnoRet", seccomp.DefaultErrnoRet);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteResources(Utf8JsonWriter writer, ResourcesSpec resources)
    {
        writer.WriteStartObject("resources");
        writer.WriteObjects("devices", resources.Devices, WriteDevice);
        if (resources.Memory is { } memory)
        {
            writer.WriteStartObject("memory");
            writer.WriteNumberUnlessNull("limit", memory.Limit);
            writer.WriteNumberUnlessNull("swap", memory.Swap);
            writer.WriteNumberUnlessNull("reservation", memory.Reservation);
            writer.WriteEndObject();
        }
        if (resources.Cpu is { } cpu)
        {
            writer.WriteStartObject("cpu");
            writer.WriteNumberUnlessNull("quota", cpu.Quota);
            writer.WriteNumberUnlessNull("period", cpu.Period);
            writer.WriteNumberUnlessNull("shares", cpu.Shares);
            writer.WriteStringUnlessNull("cpus", cpu.Cpus);
            writer.WriteStringUnlessNull("mems", cpu.Mems);
            writer.WriteEndObject();
        }
        if (resources.Pids is { } pids)
        {
            writer.WriteStartObject("pids");
            writer.WriteNumber("limit", pids.Limit);
            writer.WriteEndObject();
        }
        if (resources.BlockIo is { } blockIo)
        {
            writer.WriteStartObject("blockIO");
            writer.WriteNumber("weight", blockIo.Weight);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteMount(Utf8JsonWriter writer, MountSpec mount)
    {
        writer.WriteStringUnlessNull("destination", mount.Destination);
        writer.WriteStringUnlessNull("type", mount.Type);
        writer.WriteStringUnlessNull("source", mount.Source);
        writer.WriteStrings("options", mount.Options);
    }

    private static void WriteRlimit(Utf8JsonWriter writer, ResourceLimit limit)
    {
        writer.WriteStringUnlessNull("type", limit.Type);
        writer.WriteNumber("hard", limit.Hard);
        writer.WriteNumber("soft", limit.Soft);
    }

    private static void WriteNamespace(Utf8JsonWriter writer, NamespaceSpec space)
    {
        writer.WriteStringUnlessNull("type", space.Type);
        writer.WriteStringUnlessNull("path", space.Path);
    }

    private static void WriteSyscalls(Utf8JsonWriter writer, SeccompRule rule)
    {
        writer.WriteStrings("names", rule.Names);
        writer.WriteStringUnlessNull("action", rule.Action);
        writer.WriteNumberUnlessNull("errnoRet", rule.ErrnoRet);
    }

    private static void WriteDevice(Utf8JsonWriter writer, DeviceRule device)
    {
        writer.WriteBoolean("allow", device.Allow);
        writer.WriteStringUnlessNull("access", device.Access);
        writer.WriteStringUnlessNull("type", device.Type);
        writer.WriteNumberUnlessNull("major", device.Major);
        writer.WriteNumberUnlessNull("minor", device.Minor);
    }
}

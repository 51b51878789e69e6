using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Tests.Runtime;

/// <summary>The hand-written config.json writer against the serializer with the options it stands in for.</summary>
public sealed partial class RuntimeSpecWriterTests
{
    /// <summary>Every property set, with text the default encoder escapes.</summary>
    private static readonly RuntimeSpec Full = new()
    {
        OciVersion = "1.0.2-dev",
        Process = new ProcessSpec
        {
            Terminal = true,
            User = new UserSpec(1000, 1001) { AdditionalGids = [10, 4294967295] },
            Args = ["sh", "-c", "echo \"<hi>\" & exit 3"],
            Env = ["PATH=/bin", "NOTE=é+"],
            Cwd = "/srv",
            Capabilities = new CapabilitySets(["CAP_CHOWN"], ["CAP_KILL"], ["CAP_NET_RAW"]),
            Rlimits = [new ResourceLimit("RLIMIT_NOFILE", ulong.MaxValue, 1024)],
            NoNewPrivileges = true,
        },
        Root = new RootSpec("/rootfs", Readonly: true),
        Hostname = "web-1",
        Mounts = [new MountSpec("/proc", "proc", "proc", ["nosuid", "noexec"])],
        Linux = new LinuxSpec
        {
            Namespaces = [new NamespaceSpec("network", "/run/netns/x")],
            Resources = new ResourcesSpec
            {
                Devices = [new DeviceRule(true, "rwm", "c", 1, 3)],
                Memory = new MemorySpec(64L << 20, -1, 32L << 20),
                Cpu = new CpuSpec(50000, 100000, 512, "0-1", "0"),
                Pids = new PidsSpec(100),
                BlockIo = new BlockIoSpec(300),
            },
            CgroupsPath = "/berth/abc",
            MaskedPaths = ["/proc/kcore"],
            ReadonlyPaths = ["/proc/sys"],
            Seccomp = new SeccompSpec("SCMP_ACT_ERRNO", ["SCMP_ARCH_X86_64"], [new SeccompRule(["read", "write"], "SCMP_ACT_ALLOW") { ErrnoRet = 1 }])
            {
                DefaultErrnoRet = 38,
            },
        },
    };

    public static TheoryData<string> Specs => ["full", "generated", "generated with limits"];

    private static RuntimeSpec Named(string name) => name switch
    {
        "full" => Full,
        _ => SpecGenerator.Generate(new BundleOptions
        {
            RootfsPath = "/b/rootfs",
            Args = ["sh"],
            Hostname = "box",
            Limits = name.EndsWith("limits", StringComparison.Ordinal)
                ? new ResourceLimits(64L << 20, 0.5, 20, 512) { MemorySwap = -1, BlkioWeight = 10 }
                : ResourceLimits.None,
        }),
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void Serialize_WritesWhatTheSerializerWrites(string name)
    {
        var spec = Named(name);

        Assert.Equal(
            JsonSerializer.Serialize(spec, ReferenceContext.Default.RuntimeSpec),
            System.Text.Encoding.UTF8.GetString(RuntimeSpecWriter.Serialize(spec)));
    }

    /// <summary>A property added to the spec (or a type it holds) must be in the full sample, so the test above covers it.</summary>
    [Fact]
    public void FullSample_SetsEveryWrittenProperty()
    {
        Assert.Empty(UnsetProperties.Of(Full, nameof(RuntimeSpec)));
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(RuntimeSpec))]
    private sealed partial class ReferenceContext : JsonSerializerContext;
}

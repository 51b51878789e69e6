using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Health;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Containers;

/// <summary>The hand-written state.json writer against the serializer it stands in for: the same bytes for every property.</summary>
public sealed class ContainerRecordWriterTests
{
    /// <summary>Every property set to something other than its default, with text the default encoder escapes.</summary>
    private static readonly ContainerRecord Full = new()
    {
        Id = new string('a', 64),
        Name = "web <1> & \"quoted\" é",
        ImageId = "sha256:" + new string('b', 64),
        ImageReference = "localhost/web:1+build",
        Command = ["sh", "-c", "echo 'hi'\n"],
        Created = new DateTimeOffset(2026, 12, 7, 6, 30, 1, 123, TimeSpan.FromHours(2)),
        Runtime = "crun",
        Status = ContainerStatus.Exited,
        Pid = 4242,
        StartedAt = new DateTimeOffset(2026, 12, 7, 6, 30, 2, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 12, 7, 6, 31, 2, 5, TimeSpan.Zero).AddTicks(7),
        ExitCode = -1,
        OomKilled = true,
        Network = NetworkMode.Host,
        IPAddress = "10.89.0.5",
        Networks = [new NetworkEndpoint
        {
            Network = "front", Aliases = ["web", "www"], InterfaceName = "eth0", RequestedIPAddress = "10.90.0.9", IPAddress = "10.90.0.9",
            PrefixLength = 24, Gateway = "10.90.0.1", MacAddress = "02:00:00:00:00:01",
        }],
        PodNetwork = new NetworkAttachment("/run/netns/x", "10.88.0.2", 16, "10.88.0.1", "02:00:00:00:00:02"),
        NetworkContainerId = new string('c', 64),
        Pod = new PodMembership("pod1", "infra1"),
        Ports = [new PortMapping("127.0.0.1", 8080, 80, "udp")],
        Mounts = [new BindMount("/src", "/dst", ReadOnly: true) { VolumeName = "data", NoCopy = true }],
        Tmpfs = [new TmpfsMount("/tmp", ["size=64m", "mode=1777"])],
        Terminal = true,
        Interactive = true,
        AutoRemove = true,
        RunByClient = true,
        Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front\u2028end" },
        Env = ["PATH=/bin", "A=b=c"],
        WorkingDir = "/srv",
        User = "1000:1000",
        Hostname = "web-1",
        Resources = new ResourceLimits(MemoryBytes: 64 << 20, Cpus: 1.5, PidsLimit: 100, CpuShares: 512)
        {
            CpuQuota = 50000,
            CpuPeriod = 100000,
            CpusetCpus = "0-1",
            CpusetMems = "0",
            MemoryReservation = 32 << 20,
            MemorySwap = -1,
            BlkioWeight = 300,
        },
        RestartPolicy = new RestartPolicy("on-failure", 3),
        RestartCount = 2,
        RestartDelay = TimeSpan.FromMilliseconds(1500),
        StoppedByUser = true,
        Healthcheck = new HealthcheckSettings
        {
            Test = ["CMD-SHELL", "wget -q localhost"],
            Interval = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromDays(1.25),
            StartPeriod = TimeSpan.FromSeconds(1),
            StartInterval = TimeSpan.FromSeconds(2),
            Retries = 9,
            OnFailure = HealthOnFailure.Restart,
        },
    };

    public static TheoryData<string> Records => ["minimal", "full", "running"];

    private static ContainerRecord Named(string name) => name switch
    {
        "minimal" => TestContainerRecords.Minimal(new string('d', 64), "minimal"),
        "running" => TestContainerRecords.Minimal(new string('e', 64), "running") with
        {
            Status = ContainerStatus.Running,
            Pid = 7,
            StartedAt = DateTimeOffset.UnixEpoch,
            AutoRemove = true,
            RunByClient = true,
            Pod = new PodMembership("pod2", InfraId: null),
        },
        _ => Full,
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Serialize_WritesWhatTheSerializerWrites(string name)
    {
        var record = Named(name);

        var written = ContainerRecordWriter.Serialize(record);

        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(record, ContainerRecordJsonContext.Default.ContainerRecord)),
            System.Text.Encoding.UTF8.GetString(written));
        Assert.Equal(record, JsonSerializer.Deserialize(written, ContainerRecordJsonContext.Default.ContainerRecord)! with
        {
            // Read back, lists and dictionaries (and the health check holding one) are new instances, which records compare by
            // reference; their content is pinned by the bytes above.
            Command = record.Command,
            Networks = record.Networks,
            Ports = record.Ports,
            Mounts = record.Mounts,
            Tmpfs = record.Tmpfs,
            Labels = record.Labels,
            Env = record.Env,
            Healthcheck = record.Healthcheck,
        });
    }

    [Fact]
    public void Serialize_NamesEveryStatusAndNetworkModeAsTheSerializerDoes()
    {
        var records = Enum.GetValues<ContainerStatus>().SelectMany(status => Enum.GetValues<NetworkMode>().Select(mode => Full with { Status = status, Network = mode }));

        Assert.All(records, record => Assert.Equal(
            JsonSerializer.SerializeToUtf8Bytes(record, ContainerRecordJsonContext.Default.ContainerRecord), ContainerRecordWriter.Serialize(record)));
    }

    /// <summary>
    /// A property added to the record (or to a type it holds) must be in the full sample, so the test above covers it; computed
    /// ones (no setter: ShortId, IsInfra) follow from the others.
    /// </summary>
    [Fact]
    public void FullSample_SetsEveryWrittenProperty()
    {
        Assert.Empty(UnsetProperties.Of(Full, nameof(ContainerRecord)));
    }
}

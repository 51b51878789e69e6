using System.Text.Json;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Tests.Runtime;

public class SpecGeneratorTests
{
    private static BundleOptions Options(Func<BundleOptions, BundleOptions>? change = null)
    {
        var options = new BundleOptions { RootfsPath = "/b/rootfs", Args = ["sh"], Hostname = "box" };
        return change is null ? options : change(options);
    }

    [Fact]
    public void Generate_Defaults_IsolatesInAllFiveNamespacesWithPodmanHardening()
    {
        var spec = SpecGenerator.Generate(Options());

        Assert.Equal(["pid", "mount", "ipc", "uts", "network"], spec.Linux.Namespaces.Select(n => n.Type));
        Assert.True(spec.Process.NoNewPrivileges);
        Assert.Contains("CAP_NET_BIND_SERVICE", spec.Process.Capabilities!.Bounding);
        Assert.DoesNotContain("CAP_SYS_ADMIN", spec.Process.Capabilities.Bounding);
        Assert.Contains("/proc/kcore", spec.Linux.MaskedPaths);
        Assert.Contains("/proc/sys", spec.Linux.ReadonlyPaths);
        Assert.Equal("SCMP_ACT_ERRNO", spec.Linux.Seccomp!.DefaultAction);
        Assert.Contains(spec.Linux.Seccomp.Syscalls, r => r.Action == "SCMP_ACT_ERRNO" && r.Names.Contains("mount"));
        Assert.Equal("box", spec.Hostname);
    }

    [Fact]
    public void Generate_NoPathInEnv_AddsDefaultPath()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { Env = ["A=1"] }));

        Assert.Equal([SpecGenerator.DefaultPath, "A=1"], spec.Process.Env);
    }

    [Fact]
    public void Generate_Limits_BecomeCgroupResources()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { Limits = new ResourceLimits(64L << 20, 0.5, 20) }));

        Assert.Equal(new MemorySpec(64L << 20, 64L << 20), spec.Linux.Resources!.Memory);
        Assert.Equal(new CpuSpec(50_000, 100_000), spec.Linux.Resources.Cpu);
        Assert.Equal(new PidsSpec(20), spec.Linux.Resources.Pids);
    }

    [Fact]
    public void Generate_ReadOnlyRootAndEscalationAllowed_AreTheSpecsRootAndNoNewPrivileges()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { Security = new ContainerSecurity { ReadOnlyRootfs = true, NoNewPrivileges = false } }));

        Assert.True(spec.Root.Readonly);
        Assert.False(spec.Process.NoNewPrivileges);
        Assert.NotNull(spec.Linux.Seccomp);
    }

    [Fact]
    public void Generate_Privileged_EveryCapabilityNoSeccompNothingMaskedAndSysWritable()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { Security = new ContainerSecurity { Privileged = true } }));

        Assert.Equal(LinuxCapabilities.Available, spec.Process.Capabilities!.Bounding);
        Assert.Null(spec.Linux.Seccomp);
        Assert.Empty(spec.Linux.MaskedPaths);
        Assert.Contains("rw", spec.Mounts.Single(m => m.Destination == "/sys").Options);
        Assert.False(spec.Process.NoNewPrivileges);
    }

    [Fact]
    public void Resources_UpdateFlags_BecomeTheRuntimeSpecsFieldsAndNames()
    {
        var limits = new ResourceLimits(64L << 20) { MemoryReservation = 32L << 20, MemorySwap = -1, CpuQuota = 20_000, CpuPeriod = 50_000, CpusetCpus = "0-1", CpusetMems = "0", BlkioWeight = 300 };

        var resources = SpecGenerator.Resources(limits, privileged: false);
        var json = JsonSerializer.Serialize(resources, RuntimeSpecJsonContext.Default.ResourcesSpec);

        Assert.Equal(new MemorySpec(64L << 20, -1, 32L << 20), resources.Memory);
        Assert.Equal(new CpuSpec(20_000, 50_000, null, "0-1", "0"), resources.Cpu);
        Assert.Contains("\"blockIO\":{\"weight\":300", json);
        Assert.Contains("\"reservation\":33554432", json);
    }

    [Fact]
    public void Generate_SharesAlone_SetNoQuota()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { Limits = new ResourceLimits(CpuShares: 256) }));

        Assert.Equal(new CpuSpec(Shares: 256), spec.Linux.Resources!.Cpu);
        Assert.Null(spec.Linux.Resources.Memory);
    }

    [Fact]
    public void Generate_SeccompOff_LeavesNoProfile()
    {
        Assert.Null(SpecGenerator.Generate(Options(o => o with { Seccomp = false })).Linux.Seccomp);
    }

    [Fact]
    public void Generate_HostNetwork_SharesNetworkAndUtsAndBindsSys()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { Network = NetworkMode.Host }));

        Assert.DoesNotContain(spec.Linux.Namespaces, n => n.Type is "network" or "uts");
        Assert.Null(spec.Hostname);
        Assert.Contains(spec.Mounts, m => m.Destination == "/sys" && m.Type == "bind");
    }

    [Fact]
    public void Generate_HostPidAndIpc_LeaveThoseNamespacesOutAndBindTheHostsShm()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { HostPid = true, HostIpc = true }));

        Assert.Equal(["mount", "uts", "network"], spec.Linux.Namespaces.Select(n => n.Type));
        var shm = spec.Mounts.Single(m => m.Destination == "/dev/shm");
        Assert.Equal(("bind", "/dev/shm"), (shm.Type, shm.Source));
    }

    [Fact]
    public void Generate_JoinedIpcAndUtsNamespaces_CarryTheirPaths()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { IpcNamespacePath = "/pods/u/ipc", UtsNamespacePath = "/pods/u/uts" }));

        Assert.Equal("/pods/u/ipc", spec.Linux.Namespaces.Single(n => n.Type == "ipc").Path);
        Assert.Equal("/pods/u/uts", spec.Linux.Namespaces.Single(n => n.Type == "uts").Path);
        Assert.Equal("box", spec.Hostname);
    }

    [Fact]
    public void Generate_JoinedNetworkNamespace_CarriesItsPath()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { Network = NetworkMode.Bridge, NetworkNamespacePath = "/run/netns/x" }));

        Assert.Equal("/run/netns/x", spec.Linux.Namespaces.Single(n => n.Type == "network").Path);
    }

    [Fact]
    public void Generate_NonRootUser_HasNoEffectiveCapabilities()
    {
        var spec = SpecGenerator.Generate(Options(o => o with { User = new ContainerUser(1000, 1000, [10]) }));

        Assert.Empty(spec.Process.Capabilities!.Effective);
        Assert.Equal([10u], spec.Process.User.AdditionalGids!);
    }

    [Fact]
    public void Generate_RlimitsNeverExceedTheHostsHardLimits()
    {
        var spec = SpecGenerator.Generate(Options());
        var nofile = spec.Process.Rlimits.Single(r => r.Type == "RLIMIT_NOFILE");

        Assert.True(nofile.Hard <= ulong.Parse(File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]));
    }

    [Fact]
    public void Generate_NoCommand_Throws()
    {
        Assert.Throws<BerthException>(() => SpecGenerator.Generate(Options(o => o with { Args = [] })));
    }

    [Fact]
    public void Serialize_UsesRuntimeSpecFieldNames()
    {
        var json = System.Text.Encoding.UTF8.GetString(RuntimeSpecWriter.Serialize(SpecGenerator.Generate(Options())));

        Assert.Contains("\"ociVersion\"", json);
        Assert.Contains("\"noNewPrivileges\":true", json);
        Assert.Contains("\"defaultErrnoRet\":38", json);
        Assert.DoesNotContain("null", json);
    }
}

using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public sealed class ContainerSecurityTests
{
    [Fact]
    public void Capabilities_DefaultsWithDropsOutAndAddsIn_NamesWithOrWithoutThePrefix()
    {
        var security = new ContainerSecurity { CapAdd = ["net_admin", "CAP_SYS_TIME"], CapDrop = ["CHOWN", "cap_kill"] };

        var capabilities = security.Capabilities();

        Assert.Contains("CAP_NET_ADMIN", capabilities);
        Assert.Contains("CAP_SYS_TIME", capabilities);
        Assert.DoesNotContain("CAP_CHOWN", capabilities);
        Assert.DoesNotContain("CAP_KILL", capabilities);
        Assert.Equal(SecurityDefaults.Capabilities.Count, capabilities.Count);
    }

    [Fact]
    public void Capabilities_DropAllKeepsOnlyTheAdds_PrivilegedHasEveryOne()
    {
        Assert.Equal(["CAP_NET_BIND_SERVICE"], new ContainerSecurity { CapDrop = ["ALL"], CapAdd = ["NET_BIND_SERVICE"] }.Capabilities());
        Assert.Equal(LinuxCapabilities.Available, new ContainerSecurity { Privileged = true, CapDrop = ["ALL"] }.Capabilities());
        Assert.Equal(LinuxCapabilities.Available.Count, new ContainerSecurity { CapAdd = ["all"] }.Capabilities().Count);
    }

    [Fact]
    public void FromMask_NamesTheBitsByCapabilityNumber() =>
        Assert.Equal(["CAP_CHOWN", "CAP_NET_ADMIN", "CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE"], LinuxCapabilities.FromMask((1UL << 0) | (1UL << 12) | (1UL << 21) | (1UL << 40)));

    [Fact]
    public void Capabilities_UnknownName_IsRefused() =>
        Assert.Equal("unknown capability \"FLY\"", Assert.Throws<BerthException>(() => new ContainerSecurity { CapAdd = ["FLY"] }.Capabilities()).Message);
}

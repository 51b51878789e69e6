using Berth.Agent.Volumes;

namespace Berth.Agent.Tests.Volumes;

public class MountTableTests
{
    private const string MountInfo = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        90 22 0:50 / /data/agent/pods/u1/volumes/kubernetes.io~empty-dir/mem rw,relatime shared:40 - tmpfs tmpfs rw,size=1024k
        91 22 0:51 / /data/agent/pods/u1/volumes/kubernetes.io~empty-dir/with\040space rw,relatime - tmpfs tmpfs rw
        92 22 0:52 / /data/agent/pods/u10/volumes/kubernetes.io~empty-dir/other rw,relatime - tmpfs tmpfs rw
        """;

    [Fact]
    public void Under_ListsTheDirectorysMountsDeepestFirst_UnescapingSpaces_AndNotASiblingWithALongerName()
    {
        var table = MountTable.Parse(MountInfo);

        var under = table.Under("/data/agent/pods/u1");

        Assert.Equal(
            ["/data/agent/pods/u1/volumes/kubernetes.io~empty-dir/with space", "/data/agent/pods/u1/volumes/kubernetes.io~empty-dir/mem"],
            under);
    }
}

using Berth.Acceptance.Api;

namespace Berth.Acceptance.Agent;

/// <summary>`kubectl cp` both ways on a real container: tar over exec, with the busybox tar in the image.</summary>
public sealed class PodCopyTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task FilesAndTrees_CopyIntoThePod_AndBackOut()
    {
        await cluster.ApplyPodAsync("copies", [cluster.ShellContainer("box", "exec sleep 3600")]);
        await cluster.WaitForPhaseAsync("copies", "Running");
        var local = Directory.CreateTempSubdirectory("berth-cp-");
        try
        {
            File.WriteAllText(Path.Combine(local.FullName, "one.txt"), "one\n");
            Directory.CreateDirectory(Path.Combine(local.FullName, "tree", "a"));
            File.WriteAllText(Path.Combine(local.FullName, "tree", "a", "b.txt"), "bee\n");

            await Kubectl.OkAsync("cp", Path.Combine(local.FullName, "one.txt"), "copies:/tmp/in.txt");
            await Kubectl.OkAsync("cp", Path.Combine(local.FullName, "tree"), "copies:/tmp/tree");
            Assert.Equal("one\n", await Kubectl.OkAsync("exec", "copies", "--", "cat", "/tmp/in.txt"));
            Assert.Equal("bee\n", await Kubectl.OkAsync("exec", "copies", "--", "cat", "/tmp/tree/a/b.txt"));

            await Kubectl.OkAsync("exec", "copies", "--", "sh", "-c", "mkdir -p /tmp/out/d && echo two > /tmp/out/d/two.txt && echo three > /tmp/three.txt");
            await Kubectl.OkAsync("cp", "copies:/tmp/three.txt", Path.Combine(local.FullName, "three.txt"));
            await Kubectl.OkAsync("cp", "copies:/tmp/out", Path.Combine(local.FullName, "out"));
            Assert.Equal("three\n", File.ReadAllText(Path.Combine(local.FullName, "three.txt")));
            Assert.Equal("two\n", File.ReadAllText(Path.Combine(local.FullName, "out", "d", "two.txt")));

            // kubectl 1.32 drops the remote tar's stderr and races its exit status against its own reader's end
            // (against kube too): what the user is sure of is that nothing is written.
            await Kubectl.RunAsync("cp", "copies:/tmp/nope", Path.Combine(local.FullName, "nope"));
            Assert.False(File.Exists(Path.Combine(local.FullName, "nope")));
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }
}

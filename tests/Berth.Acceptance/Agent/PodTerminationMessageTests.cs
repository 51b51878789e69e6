namespace Berth.Acceptance.Agent;

/// <summary>
/// A container's termination message on the real engine, read with the real kubectl: what it wrote to its
/// terminationMessagePath, or with FallbackToLogsOnError and nothing written, the tail of its log.
/// </summary>
public sealed class PodTerminationMessageTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task TerminatedState_ShowsTheWrittenMessage_OrTheLogTailOnFailure()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: farewell}
            spec:
              nodeName: {{{cluster.NodeName}}}
              restartPolicy: Never
              containers:
              - name: writer
                image: {{{cluster.Image}}}
                command: [sh, -c, 'printf "disk full" >/dev/termination-log; exit 3']
              - name: logger
                image: {{{cluster.Image}}}
                terminationMessagePolicy: FallbackToLogsOnError
                command: [sh, -c, 'echo first; echo last; exit 1']
            """);
        await cluster.WaitForPhaseAsync("farewell", "Failed");

        Assert.Equal("disk full", await MessageAsync("writer"));
        Assert.Equal("first\nlast", await MessageAsync("logger"));

        await Kubectl.OkAsync("delete", "pod", "farewell", "--timeout=60s");
    }

    private async Task<string> MessageAsync(string container) =>
        (await Kubectl.OkAsync("get", "pod", "farewell", "-o", $"jsonpath={{.status.containerStatuses[?(@.name==\"{container}\")].state.terminated.message}}")).TrimEnd('\n');
}

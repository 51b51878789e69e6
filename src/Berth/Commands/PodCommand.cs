using System.CommandLine;
using Berth.Engine;
using Berth.Engine.Pods;

namespace Berth.Cli.Commands;

/// <summary>The `pod` verb group: engine pods, containers sharing an infra container's network, IPC and UTS namespaces, as Podman's.</summary>
public static class PodCommand
{
    public static Command Create()
    {
        var stopTimeout = new Option<int>("--time", "-t") { Description = "Seconds to wait for each container to stop before killing it", DefaultValueFactory = _ => 10 };
        var restartTimeout = new Option<int>("--time", "-t") { Description = "Seconds to wait for each container to stop before killing it", DefaultValueFactory = _ => 10 };
        var signal = new Option<string>("--signal", "-s") { Description = "Signal to send to the containers of the pod", DefaultValueFactory = _ => "KILL" };
        var force = new Option<bool>("--force", "-f") { Description = "Stop and remove the pod's running containers" };
        var pod = new Command("pod", "Manage pods");
        pod.Subcommands.Add(PodCreateCommand.Create());
        pod.Subcommands.Add(PodListCommand.Create());
        pod.Subcommands.Add(PodInspectCommand.Create());
        pod.Subcommands.Add(PodActionCommand.Create("start", "Start one or more pods", [],
            (engine, record, _, token) => engine.Pods.Lifecycle.StartAsync(record, token)));
        pod.Subcommands.Add(PodActionCommand.Create("stop", "Stop one or more pods", [stopTimeout],
            (engine, record, parse, token) => engine.Pods.Lifecycle.StopAsync(record, TimeSpan.FromSeconds(parse.GetValue(stopTimeout)), token)));
        pod.Subcommands.Add(PodActionCommand.Create("restart", "Restart one or more pods", [restartTimeout],
            (engine, record, parse, token) => engine.Pods.Lifecycle.RestartAsync(record, TimeSpan.FromSeconds(parse.GetValue(restartTimeout)), token)));
        pod.Subcommands.Add(PodActionCommand.Create("kill", "Send the specified signal or SIGKILL to containers in a pod", [signal],
            (engine, record, parse, token) => engine.Pods.Lifecycle.KillAsync(record, parse.GetValue(signal)!, token)));
        pod.Subcommands.Add(PodActionCommand.Create("rm", "Remove one or more stopped pods and their containers", [force],
            (engine, record, parse, token) => engine.Pods.Lifecycle.RemoveAsync(record, parse.GetValue(force), token), missingExitCode: ExitCodes.NotExists));
        pod.Subcommands.Add(PodPruneCommand.Create());
        pod.Subcommands.Add(PodTopCommand.Create());
        pod.Subcommands.Add(ExistsCommand.Create("POD", "Check if a pod exists in local storage",
            (parse, name, _) => Task.FromResult(GlobalOptions.OpenEngine(parse).Pods.Store.TryFind(name) is not null)));
        return pod;
    }

    /// <summary>Every pod as `pod ps` shows it, oldest first.</summary>
    internal static IEnumerable<PodView> Views(BerthEngine engine, bool noTrunc) =>
        engine.Pods.Store.List().Select(p => View(engine, p, noTrunc));

    internal static PodView View(BerthEngine engine, PodRecord pod, bool noTrunc) =>
        new(pod, engine.Pods.Lifecycle.ContainersOf(pod), DateTimeOffset.UtcNow, noTrunc);
}

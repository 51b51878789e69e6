using System.CommandLine;
using System.Runtime.InteropServices;
using Berth.Engine.Containers;
using Berth.Engine.Network;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Shim;

namespace Berth.Cli.Commands;

/// <summary>`run [-d] [-i] [-t] [--rm] [--name] [-e] [-w] [-u] [--hostname] [-v] [-p] [--network] [--memory] [--cpus] [--pids-limit] [--security-opt] IMAGE [CMD…]`.</summary>
public static class ContainerRunCommand
{
    public static Command Create()
    {
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background and print the container ID" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep stdin open and attach it" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-terminal" };
        var remove = new Option<bool>("--rm") { Description = "Remove the container when it exits" };
        var name = new Option<string?>("--name") { Description = "Name of the container" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set an environment variable (K=V, or K to copy it)", AllowMultipleArgumentsPerToken = false };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory inside the container" };
        var user = new Option<string?>("--user", "-u") { Description = "User[:group] to run as" };
        var hostname = new Option<string?>("--hostname") { Description = "Container host name" };
        var volume = new Option<string[]>("--volume", "-v") { Description = "Bind mount SRC:DST[:ro]" };
        var publish = new Option<string[]>("--publish", "-p") { Description = "Publish a port [IP:]HOST:CTR[/tcp|udp]" };
        var network = new Option<string>("--network", "--net") { Description = "bridge, host or none", DefaultValueFactory = _ => "bridge" };
        network.AcceptOnlyFromAmong("bridge", "host", "none");
        var memory = new Option<string?>("--memory", "-m") { Description = "Memory limit, e.g. 64m" };
        var cpus = new Option<double?>("--cpus") { Description = "Number of CPUs, e.g. 0.5" };
        var pids = new Option<long?>("--pids-limit") { Description = "Maximum number of processes" };
        var securityOpt = new Option<string[]>("--security-opt") { Description = "seccomp=unconfined turns the seccomp filter off" };
        var image = new Argument<string>("IMAGE") { Description = "Image to run" };
        var command = new Argument<string[]>("COMMAND") { Description = "Command and arguments (default: the image's)", Arity = ArgumentArity.ZeroOrMore };
        var run = new Command("run", "Run a command in a new container")
        {
            detach, interactive, tty, remove, name, env, workdir, user, hostname, volume, publish, network, memory, cpus, pids, securityOpt, image, command,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ContainerCreateRequest
            {
                Image = parse.GetValue(image)!,
                Command = parse.GetValue(command) ?? [],
                Name = parse.GetValue(name),
                Env = parse.GetValue(env) ?? [],
                WorkingDir = parse.GetValue(workdir),
                User = parse.GetValue(user),
                Hostname = parse.GetValue(hostname),
                Mounts = (parse.GetValue(volume) ?? []).Select(BindMount.Parse).ToList(),
                Ports = (parse.GetValue(publish) ?? []).Select(PortMapping.Parse).ToList(),
                Network = Enum.Parse<NetworkMode>(parse.GetValue(network)!, ignoreCase: true),
                Limits = Limits(parse.GetValue(memory), parse.GetValue(cpus), parse.GetValue(pids)),
                Seccomp = Seccomp(parse.GetValue(securityOpt) ?? []),
                Terminal = parse.GetValue(tty),
                Interactive = parse.GetValue(interactive),
                AutoRemove = parse.GetValue(remove),
            };
            var engine = ContainerCommand.OpenEngine(parse);
            var created = await engine.Creator.CreateAsync(request, cancellationToken);
            if (parse.GetValue(detach))
            {
                await engine.Lifecycle.StartAsync(created, cancellationToken);
                Console.WriteLine(created.Id);
                return ExitCodes.Success;
            }
            return await RunAttachedAsync(engine, created, cancellationToken);
        });
        return run;
    }

    /// <summary>
    /// Attaches before starting so no output is lost, streams until the container exits, and returns its
    /// code. Ctrl-C is passed on to the container as SIGINT (Podman's --sig-proxy); it decides whether to end.
    /// </summary>
    private static async Task<int> RunAttachedAsync(ContainerEngine engine, ContainerRecord created, CancellationToken cancellationToken)
    {
        // While attached, this process (not the shim's exit command) removes an --rm container: it reads the exit code first.
        using var attached = engine.Store.LockAttached(created.Id);
        ContainerRecord exited;
        try
        {
            using var attach = await AttachSession.ConnectAsync(created.Id, cancellationToken);
            using var terminal = created.Terminal ? TerminalRawMode.Enter() : null;
            var started = await engine.Lifecycle.StartAsync(created, cancellationToken);
            using var proxy = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
            {
                signal.Cancel = true;
                engine.Lifecycle.Interrupt(started);
            });
            if (created.Interactive)
            {
                _ = attach.CopyInputAsync(Console.OpenStandardInput(), CancellationToken.None);
            }
            using var stdout = Console.OpenStandardOutput();
            using var stderr = Console.OpenStandardError();
            await attach.CopyOutputAsync(stdout, stderr, CancellationToken.None);
            exited = await engine.Lifecycle.WaitAsync(started, CancellationToken.None);
        }
        catch when (created.AutoRemove)
        {
            await engine.Lifecycle.RemoveAsync(created, force: true, CancellationToken.None);
            throw;
        }
        if (created.AutoRemove)
        {
            await engine.Lifecycle.RemoveAsync(exited, force: true, CancellationToken.None);
        }
        else
        {
            await engine.Cleaner.ReleaseAsync(exited, CancellationToken.None);
        }
        return exited.ExitCode ?? ExitCodes.EngineError;
    }

    private static ResourceLimits Limits(string? memory, double? cpus, long? pids)
    {
        if (cpus is <= 0 || cpus > Environment.ProcessorCount)
        {
            throw new BerthException($"invalid --cpus {cpus}: must be more than 0 and at most {Environment.ProcessorCount} (the number of CPUs)");
        }
        if (pids is <= 0)
        {
            throw new BerthException($"invalid --pids-limit {pids}: must be positive");
        }
        return new ResourceLimits(memory is null ? null : ResourceLimits.ParseMemory(memory), cpus, pids);
    }

    private static bool Seccomp(string[] options)
    {
        foreach (var option in options)
        {
            if (option is not ("seccomp=unconfined" or "seccomp:unconfined"))
            {
                throw new BerthException($"unsupported --security-opt \"{option}\": only seccomp=unconfined is understood");
            }
        }
        return options.Length == 0;
    }
}

using System.CommandLine;
using Berth.Engine.Runtime;

namespace Berth.Cli.Commands;

/// <summary>`exec [-i] [-t] [-e] [-w] [-u] CONTAINER CMD…`: returns the command's exit code.</summary>
public static class ContainerExecCommand
{
    public static Command Create()
    {
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Attach stdin" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-terminal" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set an environment variable K=V" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory" };
        var user = new Option<string?>("--user", "-u") { Description = "uid[:gid] to run as" };
        var container = new Argument<string>("CONTAINER");
        var command = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.OneOrMore };
        var exec = new Command("exec", "Run a command in a running container") { interactive, tty, env, workdir, user, container, command };
        exec.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(tty) && !TerminalRawMode.StdinIsTerminal)
            {
                // runc attaches the exec'd process to berth's own terminal: there must be one.
                throw new BerthException("the input device is not a TTY: use exec without -t, or run berth from a terminal");
            }
            var engine = ContainerCommand.OpenEngine(parse);
            var record = engine.States.FindRefreshed(parse.GetValue(container)!);
            using var stderr = Console.OpenStandardError();
            var result = await engine.Lifecycle.ExecAsync(record, new ExecOptions(parse.GetValue(command)!)
            {
                Interactive = parse.GetValue(interactive),
                Tty = parse.GetValue(tty),
                Env = parse.GetValue(env) ?? [],
                WorkingDir = parse.GetValue(workdir),
                User = parse.GetValue(user),
            }, ExecStreams.Inherited(stderr), cancellationToken);
            if (result.RuntimeError is { } error)
            {
                Console.Error.WriteLine($"Error: {error}");
            }
            return result.ExitCode;
        });
        return exec;
    }
}

using System.CommandLine;
using Berth.Engine;
using Berth.Engine.Pods;

namespace Berth.Cli.Commands;

/// <summary>
/// A pod verb over `POD…` or `--all` (start, stop, restart, kill, rm): prints each pod's id once done, reports each
/// failure on one line, and exits with the last failure's code, as Podman's pod verbs do.
/// </summary>
internal static class PodActionCommand
{
    /// <param name="missingExitCode">The exit code when a named pod does not exist (Podman's `pod rm` says 1, the others 125).</param>
    public static Command Create(string name, string description, IReadOnlyList<Option> options,
        Func<BerthEngine, PodRecord, ParseResult, CancellationToken, Task> action, int missingExitCode = ExitCodes.EngineError)
    {
        var names = new Argument<string[]>("POD") { Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all", "-a") { Description = $"{char.ToUpperInvariant(name[0])}{name[1..]} all pods" };
        var command = new Command(name, description) { names, all };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(names) ?? [];
            if (parse.GetValue(all) == (given.Length > 0))
            {
                throw new InvalidArgumentException("when using the --all switch, you may not pass any pod names or IDs");
            }
            var engine = GlobalOptions.OpenEngine(parse);
            var status = ExitCodes.Success;
            foreach (var nameOrId in parse.GetValue(all) ? engine.Pods.Store.List().Select(p => p.Id) : given)
            {
                try
                {
                    var pod = engine.Pods.Store.Find(nameOrId);
                    await action(engine, pod, parse, cancellationToken);
                    Console.WriteLine(pod.Id);
                }
                catch (BerthException ex)
                {
                    Console.Error.WriteLine($"Error: {ex.Message}");
                    status = ex is NotFoundException ? missingExitCode : ex.ExitCode;
                }
            }
            return status;
        });
        return command;
    }
}

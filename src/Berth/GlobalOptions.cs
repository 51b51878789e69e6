using System.CommandLine;
using Berth.Engine;
using Berth.Engine.Containers;

namespace Berth.Cli;

/// <summary>Options every verb understands, as Podman's globals.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Root = new("--root")
    {
        Description = "Engine state directory",
        DefaultValueFactory = _ => "/var/lib/berth/engine",
        Recursive = true,
    };

    public static readonly Option<string> Runtime = new("--runtime")
    {
        Description = "OCI runtime: runc or crun",
        DefaultValueFactory = _ => "runc",
        Recursive = true,
    };

    /// <summary>The engine under --root with --runtime; containers it creates run `berth container cleanup` on exit.</summary>
    public static BerthEngine OpenEngine(ParseResult parse) => BerthEngine.Open(EngineOptions(parse));

    /// <summary>
    /// --root and --runtime, with this binary as the containers' exit command (`container cleanup`), as the name
    /// server of user networks (`network nameserver`) and as the monitor of health checks (`healthcheck monitor`).
    /// </summary>
    public static EngineOptions EngineOptions(ParseResult parse)
    {
        var root = Path.GetFullPath(parse.GetValue(Root)!);
        return new EngineOptions
        {
            Root = root,
            Runtime = parse.GetValue(Runtime)!,
            ExitCommand = new ContainerExitCommand(Environment.ProcessPath!, root),
            NameServerCommand = [Environment.ProcessPath!, "--root", root, "network", "nameserver"],
            SelfCommand = [Environment.ProcessPath!, "--root", root],
        };
    }

    public static void AddTo(Command root)
    {
        Runtime.AcceptOnlyFromAmong("runc", "crun");
        root.Options.Add(Root);
        root.Options.Add(Runtime);
    }
}

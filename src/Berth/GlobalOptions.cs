using System.CommandLine;

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

    public static void AddTo(RootCommand root)
    {
        Runtime.AcceptOnlyFromAmong("runc", "crun");
        root.Options.Add(Root);
        root.Options.Add(Runtime);
    }
}

using System.Text.Json.Nodes;

namespace Berth.Engine.Runtime.Oci;

/// <summary>
/// The process.json an exec hands the runtime (<c>exec --process</c>), deleted on dispose: the container's own
/// process from its bundle's config.json (capabilities, rlimits, no-new-privileges) with the exec's arguments,
/// terminal, environment (after the container's, so it wins), directory and user (names resolved in the
/// container's /etc/passwd), plus the terminal's first size, which none of the runtime's flags carries. The runtime sizes the new terminal with it
/// before the process starts, so a process that asks at once (<c>stty size</c>, a shell's first prompt) gets
/// the client's size rather than 0x0.
/// </summary>
public sealed class ExecProcessFile : IDisposable
{
    private ExecProcessFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// Where process files go: the runtimes' tmpfs rather than the bundle, so an exec still works when the
    /// disk under the engine's root is full (a shell is how one frees it).
    /// </summary>
    public static string Directory { get; } = System.IO.Path.Combine(RuntimeDriverFactory.StateRoot, "exec");

    public static ExecProcessFile Write(string bundlePath, ExecOptions options, TerminalSize? size)
    {
        var config = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(bundlePath, "config.json")))!.AsObject();
        System.IO.Directory.CreateDirectory(Directory);
        var path = System.IO.Path.Combine(Directory, $"{System.IO.Path.GetFileName(bundlePath)}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Build(config, bundlePath, options, size).ToJsonString());
        return new ExecProcessFile(path);
    }

    /// <summary>The exec's process from the container's <paramref name="config"/> (a bundle's config.json).</summary>
    public static JsonObject Build(JsonObject config, string bundlePath, ExecOptions options, TerminalSize? size)
    {
        var process = config["process"]!.DeepClone().AsObject();
        process["args"] = Strings(options.Args);
        process["terminal"] = options.Tty;
        if (options.Env.Count > 0)
        {
            process["env"] = Strings([.. process["env"]?.AsArray().Select(e => e!.GetValue<string>()) ?? [], .. options.Env]);
        }
        if (options.WorkingDir is not null)
        {
            process["cwd"] = options.WorkingDir;
        }
        if (options.User is not null)
        {
            var rootfs = System.IO.Path.Combine(bundlePath, config["root"]!["path"]!.GetValue<string>());
            var user = UserResolver.Resolve(options.User, rootfs);
            process["user"] = new JsonObject
            {
                ["uid"] = user.Uid,
                ["gid"] = user.Gid,
                ["additionalGids"] = new JsonArray([.. user.AdditionalGids.Select(g => (JsonNode?)g)]),
            };
        }
        if (size is { } first)
        {
            process["consoleSize"] = new JsonObject { ["height"] = first.Rows, ["width"] = first.Columns };
        }
        return process;
    }

    public void Dispose() => File.Delete(Path);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
}

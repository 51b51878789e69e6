using System.CommandLine;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.SystemInfo;
using Berth.Yaml;

namespace Berth.Cli.Commands;

/// <summary>
/// `info [-f json|TEMPLATE]`: the host, the store and the version in Podman 4.3's layout (YAML by default); a template
/// sees Podman's Go field names (`{{.Host.Arch}}`, `{{.Store.GraphRoot}}`, `{{.Version.Version}}`).
/// </summary>
public static class InfoCommand
{
    /// <summary>Podman's Go field names where they are not the JSON key with its first letter raised.</summary>
    private static readonly Dictionary<string, string> GoNames = new(StringComparer.Ordinal) { ["os"] = "OS", ["cpus"] = "CPUs", ["ociRuntime"] = "OCIRuntime" };

    public static Command Create(string name)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Change the output format to JSON or a Go template" };
        var debug = new Option<bool>("--debug", "-D") { Description = "Display additional debug information" };
        var command = new Command(name, "Display podman system information") { format, debug };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(format);
            var template = text is null or "json" ? null : GoTemplate.Parse(text);
            var info = View(await EngineInfo.ReadAsync(GlobalOptions.OpenEngine(parse), cancellationToken));
            Console.Write(text switch
            {
                null => YamlWriter.Write(info),
                "json" => info.ToJsonString(ContainerInspectCommand.OutputOptions) + "\n",
                _ => template!.Render(GoFields(info)) + "\n",
            });
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Podman's `info -f json` object.</summary>
    public static JsonObject View(EngineInfo info) => new()
    {
        ["host"] = new JsonObject
        {
            ["arch"] = info.Host.Arch,
            ["cgroupManager"] = "cgroupfs",
            ["cgroupVersion"] = info.Host.CgroupVersion,
            ["cpus"] = info.Host.Cpus,
            ["distribution"] = new JsonObject { ["distribution"] = info.Host.Distribution, ["version"] = info.Host.DistributionVersion },
            ["eventLogger"] = "file",
            ["hostname"] = info.Host.Hostname,
            ["kernel"] = info.Host.Kernel,
            ["logDriver"] = "k8s-file",
            ["memFree"] = info.Host.MemFree,
            ["memTotal"] = info.Host.MemTotal,
            ["networkBackend"] = "cni",
            ["ociRuntime"] = new JsonObject { ["name"] = info.Host.Runtime, ["path"] = info.Host.RuntimePath },
            ["os"] = "linux",
            ["uptime"] = $"{(int)info.Host.Uptime.TotalHours}h {info.Host.Uptime.Minutes}m {info.Host.Uptime.Seconds}.00s",
        },
        ["store"] = new JsonObject
        {
            ["containerStore"] = new JsonObject
            {
                ["number"] = info.Store.Containers,
                ["paused"] = info.Store.Paused,
                ["running"] = info.Store.Running,
                ["stopped"] = info.Store.Stopped,
            },
            ["graphDriverName"] = "overlay",
            ["graphRoot"] = info.Store.GraphRoot,
            ["imageStore"] = new JsonObject { ["number"] = info.Store.Images },
            ["volumePath"] = info.Store.VolumePath,
        },
        ["version"] = new JsonObject
        {
            ["APIVersion"] = info.Version,
            ["GoVersion"] = Environment.Version.ToString(),
            ["Os"] = "linux",
            ["OsArch"] = $"linux/{info.Host.Arch}",
            ["Version"] = info.Version,
        },
    };

    /// <summary>The same object under Go's field names, what Podman's templates walk.</summary>
    public static JsonObject GoFields(JsonObject view) => new(view.Select(p => KeyValuePair.Create(
        GoNames.GetValueOrDefault(p.Key) ?? char.ToUpperInvariant(p.Key[0]) + p.Key[1..],
        p.Value is JsonObject child ? GoFields(child) : p.Value?.DeepClone())));
}

using System.CommandLine;
using Berth.Engine.Kube;

namespace Berth.Cli.Commands;

/// <summary>
/// The `kube` verb group, as Podman's: `play FILE` runs a manifest's Pods and Deployments as engine pods, `down FILE`
/// removes them, `generate POD|CONTAINER` prints a Pod manifest that kubectl accepts. FILE `-` reads stdin.
/// </summary>
public static class KubeCommand
{
    public static Command Create()
    {
        var kube = new Command("kube", "Play containers, pods or volumes from a structured file");
        kube.Subcommands.Add(Play());
        kube.Subcommands.Add(Down());
        kube.Subcommands.Add(Generate());
        return kube;
    }

    private static Command Play()
    {
        var file = new Argument<string>("KUBEFILE") { Description = "Kubernetes YAML file, or - for stdin" };
        var command = new Command("play", "Play a pod or volume based on Kubernetes YAML") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var manifest = KubeManifest.Parse(await ReadAsync(parse.GetValue(file)!, cancellationToken));
            foreach (var result in await new KubePlayer(GlobalOptions.OpenEngine(parse)).PlayAsync(manifest, cancellationToken))
            {
                Console.WriteLine($"Pod:\n{result.Pod.Id}\nContainers:\n{string.Join("", result.ContainerIds.Select(id => id + "\n"))}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Down()
    {
        var file = new Argument<string>("KUBEFILE") { Description = "Kubernetes YAML file, or - for stdin" };
        var command = new Command("down", "Remove pods based on Kubernetes YAML") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var manifest = KubeManifest.Parse(await ReadAsync(parse.GetValue(file)!, cancellationToken));
            var removed = await new KubePlayer(GlobalOptions.OpenEngine(parse)).DownAsync(manifest, cancellationToken);
            Console.WriteLine($"Pods stopped:\n{string.Join("", removed.Select(id => id + "\n"))}Pods removed:\n{string.Join("", removed.Select(id => id + "\n"))}".TrimEnd('\n'));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Generate()
    {
        var name = new Argument<string>("CONTAINER|POD") { Description = "The pod or container to describe" };
        var command = new Command("generate", "Generate Kubernetes YAML based on containers or pods") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Console.Write(await new KubeGenerator(GlobalOptions.OpenEngine(parse)).GenerateAsync(parse.GetValue(name)!, cancellationToken));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            return await Console.In.ReadToEndAsync(cancellationToken);
        }
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : throw new InvalidArgumentException($"{path}: no such file or directory");
    }
}

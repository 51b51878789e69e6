using System.CommandLine;
using Berth.Engine.Build;
using Berth.Engine.Runtime;

namespace Berth.Cli.Commands;

public static class ImageBuildCommand
{
    public static Command Create()
    {
        var context = new Argument<string>("DIR") { Description = "Build context directory" };
        var tag = new Option<string?>("--tag", "-t") { Description = "Name of the built image" };
        var file = new Option<string?>("--file", "-f") { Description = "Containerfile (default: DIR/Containerfile, else DIR/Dockerfile)" };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "ARG value, NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var network = new Option<string>("--network") { Description = "Network of RUN steps: none or host", DefaultValueFactory = _ => "none" };
        network.AcceptOnlyFromAmong("none", "host");
        var command = new Command("build", "Build an image from a Containerfile") { context, tag, file, buildArgs, network };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new BuildRequest
            {
                ContextDirectory = parse.GetValue(context)!,
                ContainerfilePath = parse.GetValue(file),
                Tag = parse.GetValue(tag),
                BuildArgs = ParseBuildArgs(parse.GetValue(buildArgs) ?? []),
                Network = parse.GetValue(network) == "host" ? NetworkMode.Host : NetworkMode.None,
            };
            var runner = new TransientContainerRunner(RuntimeDriverFactory.Create(parse.GetValue(GlobalOptions.Runtime)!));
            await using var stdout = Console.OpenStandardOutput();
            await using var stderr = Console.OpenStandardError();
            var builder = new ImageBuilder(ImageCommand.OpenStore(parse), runner, new BuildOutput(Console.Out, stdout, stderr));
            var image = await builder.BuildAsync(request, cancellationToken);
            Console.WriteLine(image.Id["sha256:".Length..]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, string> ParseBuildArgs(string[] values) =>
        values.Select(v => v.Split('=', 2)).ToDictionary(
            p => p[0],
            p => p.Length == 2 ? p[1] : Environment.GetEnvironmentVariable(p[0]) ?? "");
}

using System.CommandLine;
using Berth.Cli.Progress;
using Berth.Engine.Build;
using Berth.Engine.Registry;
using Berth.Engine.Runtime;

namespace Berth.Cli.Commands;

public static class ImageBuildCommand
{
    public static Command Create()
    {
        var context = new Argument<string>("DIR") { Description = "Build context directory" };
        var tags = new Option<string[]>("--tag", "-t") { Description = "Name of the built image (repeatable)", AllowMultipleArgumentsPerToken = false };
        var file = new Option<string?>("--file", "-f") { Description = "Containerfile (default: DIR/Containerfile, else DIR/Dockerfile)" };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "ARG value, NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var network = new Option<string>("--network") { Description = "Network of RUN steps: none or host", DefaultValueFactory = _ => "none" };
        network.AcceptOnlyFromAmong("none", "host");
        var target = new Option<string?>("--target") { Description = "Build this stage (default: the last)" };
        var noCache = new Option<bool>("--no-cache") { Description = "Run every step, not reusing cached ones" };
        var pull = new Option<string>("--pull")
        {
            Description = "Pull base images: always, missing (default) or never; --pull alone means always",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "missing",
            CustomParser = ParsePull,
        };
        var registry = new RegistryOptions();
        var command = new Command("build", "Build an image from a Containerfile") { context, tags, file, buildArgs, network, target, noCache, pull };
        registry.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new BuildRequest
            {
                ContextDirectory = parse.GetValue(context)!,
                ContainerfilePath = parse.GetValue(file),
                Tags = parse.GetValue(tags) ?? [],
                Target = parse.GetValue(target),
                BuildArgs = ParseBuildArgs(parse.GetValue(buildArgs) ?? []),
                Network = parse.GetValue(network) == "host" ? NetworkMode.Host : NetworkMode.None,
                NoCache = parse.GetValue(noCache),
                Pull = PullValue(parse, pull) switch
                {
                    "always" or "true" => PullPolicy.Always,
                    "never" or "false" => PullPolicy.Never,
                    _ => PullPolicy.Missing,
                },
            };
            var store = ImageCommand.OpenStore(parse);
            var runner = new TransientContainerRunner(RuntimeDriverFactory.Create(parse.GetValue(GlobalOptions.Runtime)!));
            var connector = registry.OpenConnector(parse);
            await using var stdout = Console.OpenStandardOutput();
            await using var stderr = Console.OpenStandardError();
            var output = new BuildOutput(Console.Out, TransferDisplay.Create(quiet: false, Console.Out), stdout, stderr);
            var baseImages = new BaseImageSource(store, progress => new ImagePuller(store, connector, progress), output);
            var builder = new ImageBuilder(store, runner, baseImages, output);
            // Interrupted, a RUN step's container is killed and removed and its overlay unmounted.
            return await InterruptSignals.RunAsync("build interrupted", async token =>
            {
                var image = await builder.BuildAsync(request, token);
                Console.WriteLine(image.Id["sha256:".Length..]);
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>A bare --pull means always.</summary>
    private static string? PullValue(ParseResult parse, Option<string> pull) =>
        parse.GetResult(pull) is { Implicit: false, Tokens.Count: 0 } ? "always" : parse.GetValue(pull);

    /// <summary>As podman's optional-value flag: a word after a bare --pull that is no policy is the next argument (the context).</summary>
    private static string ParsePull(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count > 0 && result.Tokens[0].Value is "always" or "missing" or "never" or "true" or "false")
        {
            return result.Tokens[0].Value;
        }
        result.OnlyTake(0);
        return "always";
    }

    /// <summary>NAME=VALUE, or NAME alone for the value in berth's environment; the last of repeated names wins.</summary>
    private static Dictionary<string, string> ParseBuildArgs(string[] values)
    {
        var args = new Dictionary<string, string>();
        foreach (var pair in values.Select(v => v.Split('=', 2)))
        {
            args[pair[0]] = pair.Length == 2 ? pair[1] : Environment.GetEnvironmentVariable(pair[0]) ?? "";
        }
        return args;
    }
}

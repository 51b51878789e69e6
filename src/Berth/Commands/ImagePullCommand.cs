using System.CommandLine;
using Berth.Cli.Progress;
using Berth.Engine.Registry;

namespace Berth.Cli.Commands;

public static class ImagePullCommand
{
    public static Command Create(string name)
    {
        var reference = new Argument<string>("REF") { Description = "Image to pull: [registry/]name[:tag] or name@sha256:…" };
        var platform = new Option<string?>("--platform") { Description = "os/arch[/variant] to pick from a multi-platform image (default linux/amd64)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the image id" };
        var registry = new RegistryOptions();
        var command = new Command(name, "Pull an image from a registry") { reference, platform, quiet };
        registry.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = RegistryReference.Parse(parse.GetValue(reference)!);
            var spec = parse.GetValue(platform) is { } text ? PlatformSpec.Parse(text) : PlatformSpec.Default;
            var silent = parse.GetValue(quiet);
            if (!silent)
            {
                await Console.Error.WriteLineAsync($"Trying to pull {target}...");
            }
            var store = ImageCommand.OpenStore(parse);
            var connector = registry.OpenConnector(parse);
            return await InterruptSignals.RunAsync("pull interrupted: the next pull continues where this one stopped", async token =>
            {
                var image = await TransferDisplay.RunAsync(silent, progress =>
                    new ImagePuller(store, connector, progress).PullAsync(target, spec, token));
                Console.WriteLine(image.Id["sha256:".Length..]);
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}

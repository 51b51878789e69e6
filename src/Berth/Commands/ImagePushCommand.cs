using System.CommandLine;
using Berth.Cli.Progress;
using Berth.Engine.Registry;

namespace Berth.Cli.Commands;

public static class ImagePushCommand
{
    public static Command Create(string name)
    {
        var source = new Argument<string>("IMAGE") { Description = "Local image to push (name or id)" };
        var destination = new Argument<string?>("DESTINATION") { Arity = ArgumentArity.ZeroOrOne, Description = "Where to push it, [registry/]name[:tag][@digest] (default: IMAGE)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the manifest digest" };
        var chunkSize = new Option<long>("--chunk-size")
        {
            Description = "Upload blobs larger than this many bytes in chunks of this size",
            DefaultValueFactory = _ => 32L << 20,
        };
        var registry = new RegistryOptions();
        var command = new Command(name, "Push an image to a registry; prints the manifest digest") { source, destination, quiet, chunkSize };
        registry.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var local = parse.GetValue(source)!;
            var target = RegistryReference.Parse(parse.GetValue(destination) ?? local);
            var size = parse.GetValue(chunkSize);
            if (size <= 0)
            {
                throw new BerthException($"--chunk-size must be positive, got {size}");
            }
            var silent = parse.GetValue(quiet);
            if (!silent)
            {
                await Console.Error.WriteLineAsync($"Pushing {local} to {target}...");
            }
            var store = ImageCommand.OpenStore(parse);
            var connector = registry.OpenConnector(parse);
            return await InterruptSignals.RunAsync("push interrupted: the next push sends only the blobs the registry does not have yet", async token =>
            {
                var digest = await TransferDisplay.RunAsync(silent, progress =>
                    new ImagePusher(store, connector, progress) { ChunkSize = size }.PushAsync(local, target, token));
                Console.WriteLine(digest);
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}

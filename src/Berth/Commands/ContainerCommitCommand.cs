using System.CommandLine;
using Berth.Engine;
using Berth.Engine.Build;

namespace Berth.Cli.Commands;

/// <summary>`commit [-a A] [-m M] [-c INSTRUCTION…] [-p] [-q] CONTAINER [IMAGE]`: a new image from a container; prints its ID, as Podman's.</summary>
public static class ContainerCommitCommand
{
    public static Command Create()
    {
        var author = new Option<string?>("--author", "-a") { Description = "Set the author for the image committed" };
        var change = new Option<string[]>("--change", "-c") { Description = "Apply the following possible instructions to the created image: CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR" };
        var format = new Option<string>("--format", "-f") { Description = "Format of the image manifest and metadata (only oci)", DefaultValueFactory = _ => "oci" };
        var iidfile = new Option<string?>("--iidfile") { Description = "Write the image ID to the file" };
        var includeVolumes = new Option<bool>("--include-volumes") { Description = "Include container volumes as image volumes (not supported)" };
        var message = new Option<string?>("--message", "-m") { Description = "Set commit message for imported image" };
        var pause = new Option<bool>("--pause", "-p") { Description = "Pause container during commit" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress output" };
        var squash = new Option<bool>("--squash", "-s") { Description = "Squash newly built layers into a single new layer (not supported)" };
        var container = new Argument<string>("CONTAINER");
        var image = new Argument<string?>("IMAGE") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("commit", "Create new image based on the changed container")
        {
            author, change, format, iidfile, includeVolumes, message, pause, quiet, squash, container, image,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(squash) || parse.GetValue(includeVolumes))
            {
                throw new InvalidArgumentException($"{(parse.GetValue(squash) ? "--squash" : "--include-volumes")} is not supported by Berth");
            }
            if (parse.GetValue(format) != "oci")
            {
                throw new InvalidArgumentException($"unrecognized image type \"{parse.GetValue(format)}\": Berth writes oci images only");
            }
            var engine = GlobalOptions.OpenEngine(parse);
            var record = engine.Containers.States.FindRefreshed(parse.GetValue(container)!);
            var committed = await engine.Committer.CommitAsync(record, new CommitRequest
            {
                Reference = parse.GetValue(image),
                Message = parse.GetValue(message),
                Author = parse.GetValue(author),
                Changes = parse.GetValue(change) ?? [],
                Pause = parse.GetValue(pause),
            }, cancellationToken);
            var id = committed.Id["sha256:".Length..];
            if (parse.GetValue(iidfile) is { } file)
            {
                await File.WriteAllTextAsync(file, committed.Id, cancellationToken);
            }
            Console.WriteLine(id);
            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`export [-o FILE] CONTAINER`: the container's root filesystem as a tar, on stdout unless -o names a file.</summary>
public static class ContainerExportCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to a specified file (default: stdout, which must be redirected)" };
        var container = new Argument<string>("CONTAINER");
        var command = new Command("export", "Export container's filesystem contents as a tar archive") { output, container };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(output);
            if (file is null && !Console.IsOutputRedirected)
            {
                throw new InvalidArgumentException("refusing to export to terminal. Use -o flag or redirect");
            }
            var engine = ContainerCommand.OpenEngine(parse);
            var record = engine.States.FindRefreshed(parse.GetValue(container)!);
            using var files = await engine.Files.OpenRootfsAsync(record, cancellationToken);
            await using var stream = file is null ? Console.OpenStandardOutput() : File.Create(file);
            await files.ExportAsync(stream, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}

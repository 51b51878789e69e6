using System.CommandLine;
using System.Reflection;

namespace Berth.Cli.Commands;

public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the Berth version");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"Version:     {version}");
            Console.WriteLine($".NET:        {Environment.Version}");
            Console.WriteLine($"OS/Arch:     linux/{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}");
            return 0;
        });
        return command;
    }
}

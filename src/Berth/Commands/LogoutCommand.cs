using System.CommandLine;
using Berth.Engine.Registry;

namespace Berth.Cli.Commands;

public static class LogoutCommand
{
    public static Command Create()
    {
        var server = new Argument<string>("REGISTRY") { Description = "Registry host[:port]" };
        var registry = new RegistryOptions();
        var command = new Command("logout", "Remove a registry's credentials from the auth file") { server };
        registry.AddTo(command, tls: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var host = RegistryOptions.NormalizeRegistry(parse.GetValue(server)!);
            await new RegistryLogin(registry.OpenConnector(parse)).LogoutAsync(host, cancellationToken);
            Console.WriteLine($"Removed login credentials for {host}");
            return ExitCodes.Success;
        });
        return command;
    }
}

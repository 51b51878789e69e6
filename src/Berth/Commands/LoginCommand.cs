using System.CommandLine;
using Berth.Engine.Registry;

namespace Berth.Cli.Commands;

public static class LoginCommand
{
    public static Command Create()
    {
        var server = new Argument<string>("REGISTRY") { Description = "Registry host[:port]" };
        var username = new Option<string?>("--username", "-u") { Description = "User name" };
        var password = new Option<string?>("--password", "-p") { Description = "Password (prefer --password-stdin)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input" };
        var registry = new RegistryOptions();
        var command = new Command("login", "Log in to a registry and store the credentials in the auth file") { server, username, password, passwordStdin };
        registry.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var user = parse.GetValue(username) ?? throw new BerthException("login needs --username");
            var secret = parse.GetValue(passwordStdin)
                ? (await Console.In.ReadToEndAsync(cancellationToken)).TrimEnd('\r', '\n')
                : parse.GetValue(password) ?? throw new BerthException("login needs --password or --password-stdin");
            var host = RegistryOptions.NormalizeRegistry(parse.GetValue(server)!);
            await new RegistryLogin(registry.OpenConnector(parse)).LoginAsync(host, new RegistryCredentials(user, secret), cancellationToken);
            Console.WriteLine("Login Succeeded!");
            return ExitCodes.Success;
        });
        return command;
    }
}

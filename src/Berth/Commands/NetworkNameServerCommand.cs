using System.CommandLine;
using Berth.Engine.Networks.Dns;
using Microsoft.Extensions.Logging;

namespace Berth.Cli.Commands;

/// <summary>
/// `network nameserver` (hidden): the root's name server for user networks, started by the engine when a container
/// joins one, as netavark starts aardvark-dns. It exits by itself once no user network has a container.
/// </summary>
public static class NetworkNameServerCommand
{
    public static Command Create()
    {
        var command = new Command("nameserver", "Answer the names of containers on user networks (started by the engine)") { Hidden = true };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggerFactory = LoggerFactory.Create(logging => logging
                .SetMinimumLevel(LogLevel.Information)
                .AddSimpleConsole(console => console.SingleLine = true)
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
            var engine = GlobalOptions.OpenEngine(parse);
            await new NameServer(engine.Networks, engine.Containers.Store, loggerFactory.CreateLogger<NameServer>()).RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using Berth.Cli.Output;

namespace Berth.Cli.Commands;

/// <summary>`network ls [-q]`: NETWORK ID, NAME, DRIVER as Podman prints them, the predefined networks first.</summary>
public static class NetworkListCommand
{
    public static Command Create()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the names" };
        var command = new Command("ls", "List networks") { quiet };
        command.Aliases.Add("list");
        command.SetAction(parse =>
        {
            var networks = GlobalOptions.OpenEngine(parse).Networks.List();
            var rows = NetworkViews.Predefined().Concat(networks.Select(n => (Id: n.Id, n.Name, n.Driver))).ToList();
            if (parse.GetValue(quiet))
            {
                rows.ForEach(r => Console.WriteLine(r.Name));
                return ExitCodes.Success;
            }
            TextTable.Write([["NETWORK ID", "NAME", "DRIVER"], .. rows.Select(r => new[] { r.Id[..12], r.Name, r.Driver })]);
            return ExitCodes.Success;
        });
        return command;
    }
}

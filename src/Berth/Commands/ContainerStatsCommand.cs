using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Stats;

namespace Berth.Cli.Commands;

/// <summary>
/// `stats [-a] [--no-stream] [--no-reset] [-i SECS] [--format F] [--no-trunc] [CONTAINER…]`: Podman 4.3's live
/// table of CPU, memory, network, block I/O and pids. CPU % is the CPU time used between two readings over
/// the time between them; the first reading of a container is measured from its start (as libpod does).
/// </summary>
public static class ContainerStatsCommand
{
    // goterm's Clear and MoveCursor(1, 1): each streamed table replaces the last.
    private const string ResetScreen = "\u001b[2J\u001b[1;1H";

    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers, not only running ones" };
        var noStream = new Option<bool>("--no-stream") { Description = "Print the first reading and exit" };
        var noReset = new Option<bool>("--no-reset") { Description = "Do not clear the screen between readings" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate the IDs" };
        var interval = new Option<int>("--interval", "-i") { Description = "Seconds between readings", DefaultValueFactory = _ => 5 };
        var format = new Option<string?>("--format") { Description = "\"json\", or a Go template such as \"table {{.ID}} {{.MemUsage}}\"" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("stats", "Display a live stream of container resource usage statistics") { all, noStream, noReset, noTrunc, interval, format, containers };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(interval) <= 0)
            {
                throw new InvalidArgumentException("invalid interval, must be a positive number greater zero");
            }
            var engine = ContainerCommand.OpenEngine(parse);
            var names = parse.GetValue(containers) ?? [];
            var formatText = parse.GetValue(format) ?? ContainerStatsRow.DefaultFormat;
            var template = formatText == "json" ? null : GoTemplate.Parse(formatText);
            var previous = new Dictionary<string, ContainerSample>();
            while (true)
            {
                var rows = Read(engine, names, parse.GetValue(all), previous, parse.GetValue(noTrunc));
                if (!parse.GetValue(noStream) && !parse.GetValue(noReset))
                {
                    Console.Write(ResetScreen);
                }
                TemplateOutput.Write(rows, template, ContainerStatsRow.HeaderOf);
                if (parse.GetValue(noStream))
                {
                    return ExitCodes.Success;
                }
                await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(interval)), cancellationToken);
            }
        });
        return command;
    }

    private static List<ContainerStatsRow> Read(ContainerEngine engine, string[] names, bool all, Dictionary<string, ContainerSample> previous, bool noTrunc)
    {
        var records = names.Length > 0
            ? names.Select(engine.States.FindRefreshed).ToList()
            : engine.States.ListRefreshed().Where(c => all || c.Status is ContainerStatus.Running or ContainerStatus.Paused).OrderByDescending(c => c.Created).ToList();
        var rows = new List<ContainerStatsRow>();
        foreach (var record in records)
        {
            var sample = engine.Sampler.Sample(record);
            double cpu = 0, average = 0;
            if (sample is not null)
            {
                var started = record.StartedAt ?? sample.Read;
                average = CpuPercent.Between(0, started, sample.CpuTotal, sample.Read);
                cpu = previous.TryGetValue(record.Id, out var last) ? CpuPercent.Between(last.CpuTotal, last.Read, sample.CpuTotal, sample.Read) : average;
                previous[record.Id] = sample;
            }
            rows.Add(new ContainerStatsRow(record, sample, cpu, average, noTrunc));
        }
        return rows;
    }
}

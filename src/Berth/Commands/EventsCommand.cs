using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Events;

namespace Berth.Cli.Commands;

/// <summary>
/// `events [--filter K=V] [--format T|json] [--since T] [--until T] [--stream=false]`: what happened in the root, as Podman
/// 4.3 prints it: the recorded events (from --since), then, while --stream (the default), each new one until --until or
/// Ctrl-C.
/// </summary>
public static class EventsCommand
{
    public static Command Create()
    {
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output: type, event, container, image, volume, label (KEY=VALUE)" };
        var format = new Option<string?>("--format") { Description = "Format the output with a Go template, or json" };
        var since = new Option<string?>("--since") { Description = "Show events created since this time (RFC 3339, Unix seconds or a duration such as 10m)" };
        var until = new Option<string?>("--until") { Description = "Show events created until this time" };
        var stream = new Option<bool>("--stream") { Description = "Stream new events (--stream=false prints what is recorded and exits)", DefaultValueFactory = _ => true };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate the output (always the case)", DefaultValueFactory = _ => true };
        var events = new Command("events", "Show engine events") { filter, format, since, until, stream, noTrunc };
        events.SetAction(async (parse, cancellationToken) =>
        {
            var matches = EventFilter.Parse(parse.GetValue(filter) ?? []);
            var text = parse.GetValue(format);
            var template = text is null or "json" ? null : GoTemplate.Parse(text);
            var now = DateTimeOffset.UtcNow;
            var from = PointInTime.Parse(parse.GetValue(since), now, "--since");
            var to = PointInTime.Parse(parse.GetValue(until), now, "--until");
            var log = GlobalOptions.OpenEngine(parse).Containers.Events;
            bool Wanted(EngineEvent e) => (from is null || e.Time >= from) && (to is null || e.Time <= to) && matches.Matches(e);
            void Print(EngineEvent e)
            {
                var view = new EventView(e);
                Console.WriteLine(template?.Render(view)[0] ?? (text == "json" ? view.ToJson().ToJsonString() : view.Line()));
            }
            if (!parse.GetValue(stream))
            {
                foreach (var e in log.Read().Where(Wanted))
                {
                    Print(e);
                }
                return ExitCodes.Success;
            }
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (to is { } end)
            {
                window.CancelAfter(end > now ? end - now : TimeSpan.Zero);
            }
            await foreach (var e in log.FollowAsync(window.Token))
            {
                if (Wanted(e))
                {
                    Print(e);
                }
            }
            return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success;
        });
        return events;
    }
}

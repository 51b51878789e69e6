using System.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli;

/// <summary>Builds the command tree and turns failures into one line on stderr.</summary>
public static class BerthCli
{
    private const string Description = "Berth: an OCI container engine and a Kubernetes-compatible orchestrator in one binary.";

    /// <summary>RootCommand's own options, help and version: one anywhere sends the command line to the whole tree (`run -h NAME`, run's hostname, only loses the short cut).</summary>
    private static readonly string[] RootCommandFlags = ["--help", "-h", "-?", "/h", "/?", "--version"];

    public static async Task<int> RunAsync(string[] args)
    {
        ParseResult parse;
        try
        {
            var root = CreateRootCommand(args);
            parse = root.Parse(ContainerCommandLine.Protect(root, args));
        }
        catch (UnknownFlagException ex)
        {
            Console.Error.WriteLine($"Error: {ex.Message}");
            return ex.ExitCode;
        }
        if (parse.Errors.Count > 0)
        {
            // An option the command does not have, in Podman's words; other errors as System.CommandLine words them.
            var messages = parse.UnmatchedTokens.FirstOrDefault(t => t.StartsWith('-') && t.Length > 1) is { } flag
                ? [$"unknown flag: {flag.Split('=', 2)[0]}\n{UnknownFlagException.UsageHint(parse.CommandResult.Command)}"]
                : parse.Errors.Select(e => e.Message);
            foreach (var message in messages)
            {
                Console.Error.WriteLine($"Error: {message}");
            }
            return ExitCodes.UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = ShutdownBudget(parse),
            });
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (BerthException ex)
        {
            Console.Error.WriteLine($"Error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex)
        {
            // Anything else (a file berth cannot read or write, a record it cannot parse) is an engine error too: one line,
            // as Podman prints it, instead of the runtime's abort with a stack trace.
            Console.Error.WriteLine($"Error: {ex.Message}");
            return ExitCodes.EngineError;
        }
    }

    /// <summary>
    /// The tree <paramref name="args"/> needs: the top-level command named on the command line (`run`, `images`, `network`,
    /// `container`, `server`, …) is built alone, since building every other command costs a verb about a third of berth's
    /// start-up (perf of `berth --version`), under a plain root without RootCommand's help and version options, whose
    /// descriptions load System.CommandLine's resources (a tenth of a `run --rm`'s CPU, perf). Any other command line (a help
    /// or version flag anywhere, an alias, an unknown word, no verb) gets the whole tree.
    /// </summary>
    public static Command CreateRootCommand(string[] args)
    {
        if (args.Any(RootCommandFlags.Contains))
        {
            return CreateRootCommand();
        }
        var root = WithGlobalOptions(new Command("berth", Description));
        var verb = ContainerCommandLine.VerbOf(root, args);
        if (Array.Find(TopLevelCommands, command => command.Name == verb).Create is { } create)
        {
            root.Subcommands.Add(create());
            return root;
        }
        return CreateRootCommand();
    }

    /// <summary>Every command and option of the CLI.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = WithGlobalOptions(new RootCommand(Description));
        foreach (var (_, create) in TopLevelCommands)
        {
            root.Subcommands.Add(create());
        }
        return root;
    }

    /// <summary>Whether <paramref name="command"/> hangs off the root, of the whole tree or of a command built alone.</summary>
    public static bool IsTopLevel(Command command) => command.Parents.OfType<Command>().FirstOrDefault() is { } parent && !parent.Parents.Any();

    private static T WithGlobalOptions<T>(T root) where T : Command
    {
        GlobalOptions.AddTo(root);
        return root;
    }

    /// <summary>The top-level commands in the order help lists them, by name, each built on demand.</summary>
    private static readonly (string Name, Func<Command> Create)[] TopLevelCommands =
    [
        ("version", VersionCommand.Create),
        ("server", ServerCommand.Create),
        ("plan", PlanCommand.Create),
        ("agent", AgentCommand.Create),
        ("image", ImageCommand.Create),
        .. ImageCommand.ShortForms,
        ("container", ContainerCommand.Create),
        .. ContainerCommand.ShortForms,
        ("inspect", InspectCommand.Create),
        ("network", NetworkCommand.Create),
        ("volume", VolumeCommand.Create),
        ("pod", PodCommand.Create),
        ("kube", KubeCommand.Create),
        ("system", SystemCommand.Create),
        ("events", EventsCommand.Create),
        ("healthcheck", HealthcheckCommand.Create),
        ("info", () => InfoCommand.Create("info")),
        ("pull", () => ImagePullCommand.Create("pull")),
        ("push", () => ImagePushCommand.Create("push")),
        ("login", LoginCommand.Create),
        ("logout", LogoutCommand.Create),
    ];

    /// <summary>
    /// How long SIGINT/SIGTERM leave a command to stop before the process ends anyway. The daemons take
    /// their node's DNS address and service proxy rules away and close the store on the way out, which a
    /// loaded machine does not finish in System.CommandLine's default of 2 s; a foreground `run --rm`
    /// handles the signals itself and has no limit (<see cref="ContainerRunCommand.WaitsOutSignals"/>);
    /// every other command stops at once when cancelled.
    /// </summary>
    private static TimeSpan? ShutdownBudget(ParseResult parse) => parse.CommandResult.Command switch
    {
        { Name: "server" or "agent" } command when IsTopLevel(command) => TimeSpan.FromSeconds(30),
        _ when ContainerRunCommand.WaitsOutSignals(parse) => null,
        _ => TimeSpan.FromSeconds(2),
    };
}

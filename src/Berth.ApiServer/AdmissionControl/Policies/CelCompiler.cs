using System.Collections.Concurrent;
using Cel;

namespace Berth.ApiServer.AdmissionControl.Policies;

/// <summary>
/// CEL expressions compiled once and kept by their text (a policy's expressions are compiled when it is
/// written and reused on every request it judges). The CEL library is telus-oss/cel-net (NuGet <c>Cel</c>):
/// the CEL standard library over maps and lists, plus kube's extension libraries policies use most
/// (<see cref="Library.KubeCelLibraries"/>: strings, lists, regex, url, quantity).
/// </summary>
public sealed class CelCompiler
{
    // Policies are few; the bound only keeps a stream of rewritten expressions from growing the map forever.
    private const int MaxPrograms = 4096;

    private readonly ConcurrentDictionary<string, CelProgramDelegate> _programs = new(StringComparer.Ordinal);
    private readonly Lock _compileLock = new();
    private readonly CelEnvironment _environment = NewEnvironment();

    public static CelCompiler Shared { get; } = new();

    /// <summary>The program of an expression; a <see cref="CelException"/> when it does not compile.</summary>
    public CelProgramDelegate Compile(string expression)
    {
        if (_programs.TryGetValue(expression, out var program))
        {
            return program;
        }
        // The environment is not documented as safe for concurrent compiles; evaluation needs no lock.
        lock (_compileLock)
        {
            if (_programs.Count >= MaxPrograms)
            {
                _programs.Clear();
            }
            program = _environment.Compile(expression);
        }
        return _programs.GetOrAdd(expression, program);
    }

    private static CelEnvironment NewEnvironment()
    {
        var environment = new CelEnvironment(null, null);
        Library.KubeCelLibraries.Register(environment);
        return environment;
    }

    /// <summary>Why an expression does not compile, or null when it does.</summary>
    public string? CompileError(string expression)
    {
        try
        {
            Compile(expression);
            return null;
        }
        catch (CelException e)
        {
            return e.Message;
        }
    }
}

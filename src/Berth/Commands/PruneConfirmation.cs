namespace Berth.Cli.Commands;

/// <summary>
/// Podman's "Are you sure you want to continue? [y/N]" before a prune. Without a terminal to answer
/// on, a prune without -f is refused rather than left waiting for input nobody will type.
/// </summary>
public static class PruneConfirmation
{
    /// <summary>True when the prune may go ahead: forced, or the user answered yes.</summary>
    public static bool Confirm(bool force, string warning)
    {
        if (force)
        {
            return true;
        }
        if (Console.IsInputRedirected)
        {
            throw new BerthException("prune needs confirmation but stdin is not a terminal: use -f to prune without asking");
        }
        Console.Write($"{warning}\nAre you sure you want to continue? [y/N] ");
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}

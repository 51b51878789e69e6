using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>The `volume` verb group: named volumes of the local driver, as Podman's.</summary>
public static class VolumeCommand
{
    /// <summary>`volume rm` of a volume a container uses, as Podman exits.</summary>
    public const int InUseExitCode = 2;

    /// <summary>`volume rm` of a volume that does not exist, as Podman exits.</summary>
    public const int NotFoundExitCode = 1;

    public static Command Create()
    {
        var volume = new Command("volume", "Manage volumes");
        volume.Subcommands.Add(VolumeCreateCommand.Create());
        volume.Subcommands.Add(VolumeListCommand.Create());
        volume.Subcommands.Add(VolumeInspectCommand.Create());
        volume.Subcommands.Add(VolumeRemoveCommand.Create());
        volume.Subcommands.Add(VolumePruneCommand.Create());
        volume.Subcommands.Add(VolumeExistsCommand.Create());
        return volume;
    }

    /// <summary>Podman's message for a volume name that matches none.</summary>
    internal static string NotFoundMessage(string name) => $"no volume with name \"{name}\" found: no such volume";
}

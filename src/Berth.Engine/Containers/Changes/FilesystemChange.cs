namespace Berth.Engine.Containers.Changes;

/// <summary>One path of a container's filesystem that is not as its image has it.</summary>
public sealed record FilesystemChange(string Path, ChangeKind Kind)
{
    /// <summary>Podman's and Docker's letter for the kind: C, A or D.</summary>
    public char Letter => Kind switch
    {
        ChangeKind.Added => 'A',
        ChangeKind.Deleted => 'D',
        _ => 'C',
    };
}

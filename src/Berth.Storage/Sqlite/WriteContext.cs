namespace Berth.Storage.Sqlite;

/// <summary>The state of one batch transaction: the revision it has reached and the events it produced.</summary>
internal sealed class WriteContext(long revision)
{
    public long Revision { get; private set; } = revision;

    public List<WatchEvent> Events { get; } = [];

    public long NextRevision() => ++Revision;

    /// <summary>Gives back a revision an operation took but did not write (its insert failed).</summary>
    public void ReturnRevision(long revision)
    {
        if (revision == Revision)
        {
            Revision--;
        }
    }
}

using Microsoft.Data.Sqlite;

namespace Berth.Storage.Sqlite;

/// <summary>The SQL condition for "keys under a prefix, after a key", written so SQLite range-scans the name index.</summary>
internal sealed class KeyRangeFilter(string prefix, string? startAfterKey = null)
{
    private readonly string? _end = KeyPrefix.End(prefix);

    public string Sql(string column) =>
        $"{column} >= $start"
        + (_end is null ? "" : $" AND {column} < $end")
        + (startAfterKey is null ? "" : $" AND {column} > $after");

    public void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("$start", prefix);
        if (_end is not null)
        {
            command.Parameters.AddWithValue("$end", _end);
        }
        if (startAfterKey is not null)
        {
            command.Parameters.AddWithValue("$after", startAfterKey);
        }
    }
}

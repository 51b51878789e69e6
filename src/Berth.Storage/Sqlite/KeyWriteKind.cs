namespace Berth.Storage.Sqlite;

internal enum KeyWriteKind
{
    Create,
    Update,
    Delete,
}

using Berth.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Berth.Storage;

/// <summary>What <see cref="KeyValueStoreFactory.Open"/> passes on to the backend it picks.</summary>
public sealed record KeyValueStoreOptions
{
    public SqliteStoreOptions Sqlite { get; init; } = new();

    public ILoggerFactory? LoggerFactory { get; init; }
}

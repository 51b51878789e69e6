namespace Berth.Acceptance.Api;

/// <summary>The kubectl suite against the default backend (SQLite in DATA/server/state.db).</summary>
public sealed class SqliteKubectlTests(SqliteApiServer fixture) : KubectlTests(fixture.Server), IClassFixture<SqliteApiServer>;

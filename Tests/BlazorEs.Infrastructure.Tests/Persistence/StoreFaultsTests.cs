using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;

namespace BlazorEs.Infrastructure.Tests.Persistence;

/// <summary>What the writer's log says about a read-only failure: a read-only connection told apart from a writable one.</summary>
public sealed class StoreFaultsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"store-faults-{Guid.NewGuid():N}.db");

    [Fact]
    public void AWriteOnAReadOnlyConnectionIsDiagnosedWithItsCodeAndTheConnectionsMode()
    {
        using (var create = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            create.Open();
            using var table = create.CreateCommand();
            table.CommandText = "CREATE TABLE t (x INTEGER)";
            table.ExecuteNonQuery();
        }
        using var readOnly = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        readOnly.Open();
        using var insert = readOnly.CreateCommand();
        insert.CommandText = "INSERT INTO t VALUES (1)";

        var refused = Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());

        Assert.Equal("the database file is read-only", StoreFaults.Describe(refused));
        Assert.Equal($" (SQLite extended code {refused.SqliteExtendedErrorCode}; this connection read-only: yes)", StoreFaults.Diagnose(refused, readOnly));
        using var writable = new SqliteConnection($"Data Source={_path};Pooling=False");
        writable.Open();
        Assert.EndsWith("this connection read-only: no)", StoreFaults.Diagnose(refused, writable));
        Assert.Equal("", StoreFaults.Diagnose(new InvalidOperationException("not storage"), writable));
    }

    public void Dispose() => File.Delete(_path);
}

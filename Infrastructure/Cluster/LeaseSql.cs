using BlazorEs.Infrastructure.Persistence;

namespace BlazorEs.Infrastructure.Cluster;

/// <summary>
/// The lease's SQL that EF's LINQ cannot say, per provider. Taking, renewing and releasing the lease are EF updates
/// (the provider writes their SQL); only the fence is hand-written, because it runs inside another transaction.
/// </summary>
internal static class LeaseSql
{
    /// <summary>
    /// The fence: an UPDATE that changes nothing and matches only while this holder's epoch is the stored one. Being an
    /// UPDATE, it holds the lease row's write lock until the read-side transaction ends (SQLite: the transaction is
    /// BEGIN IMMEDIATE already; SQL Server and PostgreSQL: a row lock), so a take-over either commits before it (the
    /// fence matches no row and the commit is refused) or waits until after it (and the new holder reloads what this
    /// one committed). {0} the lease name, {1} the epoch, {2} the holder.
    /// </summary>
    public static string Fence(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.SqlServer =>
            "UPDATE [ClusterLeases] SET [Epoch] = [Epoch] WHERE [Name] = {0} AND [Epoch] = {1} AND [HolderId] = {2}",
        // SQLite and PostgreSQL: unquoted, because PostgreSQL's model names everything in lower case and folds unquoted
        // names to it (PostgreSqlEventStoreDbContext); SQLite ignores the case.
        _ => "UPDATE ClusterLeases SET Epoch = Epoch WHERE Name = {0} AND Epoch = {1} AND HolderId = {2}",
    };
}

using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BlazorEs.Infrastructure.Tests.Persistence;

/// <summary>
/// The projector lease on SQL Server, as far as it can be checked without a server: the statements
/// <see cref="ProjectorLease"/> sends (taken, renewed, read, fenced, released) are recorded on their way out of EF's SQL
/// Server provider (<see cref="SqlServerRecorder"/>), parse as T-SQL, and say what the lease's design needs: the take
/// only matches a lapsed lease and moves the epoch on, the renewal and the fence only match this holder at its epoch,
/// and nothing reads past locks.
/// </summary>
public sealed class SqlServerLeaseSqlTests
{
    private const string Instance = "sql-a";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly SqlServerRecorder _recorder = new()
    {
        Row = column => column switch
        {
            "Name" => ClusterLease.Projector,
            "HolderId" => Instance,
            "Epoch" => 1L,
            "ExpiresAt" => DateTime.UtcNow.AddMinutes(1),
            "AcquiredAt" => DateTime.UtcNow,
            _ => throw new InvalidOperationException($"The lease has no column {column}."),
        },
    };

    private (ProjectorLease Lease, StoreContextFactory Factory) Lease()
    {
        var factory = StoreContextFactory.Create(DatabaseProvider.SqlServer, SqlServerRecorder.ConnectionString, Durability.Full, _recorder);
        return (new ProjectorLease(factory, new ClusterOptions { InstanceId = Instance }, NullLogger<ProjectorLease>.Instance), factory);
    }

    [Fact]
    public async Task TakingTheLeaseMatchesOnlyALapsedLeaseAndMovesTheEpochOn()
    {
        var (lease, _) = Lease();

        Assert.True(await lease.HoldAsync(Ct));

        var statements = _recorder.Statements;
        Assert.Equal(2, statements.Count); // nothing held yet: no renewal, the take, then the row read back
        var take = SqlServerRecorder.Single<UpdateStatement>(statements[0]).UpdateSpecification;
        Assert.Equal(["AcquiredAt", "Epoch", "ExpiresAt", "HolderId"], Assigned(take).Keys.Order(StringComparer.Ordinal));
        var epoch = Assert.IsType<BinaryExpression>(Assigned(take)["Epoch"]);
        Assert.Equal(BinaryExpressionType.Add, epoch.BinaryExpressionType);
        Assert.Equal(["Epoch"], SqlServerRecorder.Columns(epoch));
        Assert.Equal(["Name", "ExpiresAt"], SqlServerRecorder.Columns(take.WhereClause));
        Assert.Contains(Comparisons(take.WhereClause), c => c is { Column: "ExpiresAt", Type: BooleanComparisonType.LessThan });
        AssertNoDirtyReads(statements);

        var read = SqlServerRecorder.Single<SelectStatement>(statements[1]);
        Assert.Equal(["Name"], SqlServerRecorder.Columns(((QuerySpecification)read.QueryExpression).WhereClause));
        Assert.Equal(1, lease.Epoch);
    }

    [Fact]
    public async Task RenewingTheLeaseMatchesOnlyThisHolderAtItsEpoch()
    {
        var (lease, _) = Lease();
        await lease.HoldAsync(Ct);
        _recorder.Clear();

        Assert.True(await lease.HoldAsync(Ct));

        var statements = _recorder.Statements;
        Assert.Equal(2, statements.Count); // the renewal matched: no take, then the row read back
        var renew = SqlServerRecorder.Single<UpdateStatement>(statements[0]).UpdateSpecification;
        Assert.Equal(["ExpiresAt"], Assigned(renew).Keys);
        Assert.Equal(["Name", "HolderId", "Epoch"], SqlServerRecorder.Columns(renew.WhereClause));
        AssertEqualityOnly(renew.WhereClause);
        AssertNoDirtyReads(statements);
    }

    [Fact]
    public async Task TheFenceIsAnUpdateOfTheLeaseRowThatMatchesOnlyThisHolderAtItsEpoch()
    {
        var (lease, factory) = Lease();
        await lease.HoldAsync(Ct);
        _recorder.Clear();

        await using (var db = factory.CreateReadSideContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await lease.FenceAsync(db, Ct);
        }

        // An UPDATE, not a SELECT: SQL Server holds its exclusive row lock until the read side's transaction ends, so a
        // take-over waits for this commit or commits first and this one is refused.
        var fence = SqlServerRecorder.Single<UpdateStatement>(Assert.Single(_recorder.Statements)).UpdateSpecification;
        Assert.Equal("ClusterLeases", Assert.IsType<NamedTableReference>(fence.Target).SchemaObject.BaseIdentifier.Value);
        Assert.Equal(["Epoch"], SqlServerRecorder.Columns(Assigned(fence)["Epoch"])); // SET Epoch = Epoch: changes nothing
        Assert.Equal(["Name", "Epoch", "HolderId"], SqlServerRecorder.Columns(fence.WhereClause));
        AssertEqualityOnly(fence.WhereClause);
        AssertNoDirtyReads(_recorder.Statements);
    }

    [Fact]
    public async Task ReadingAndReleasingTheLeaseParseAndTheReleaseMatchesOnlyThisHolderAtItsEpoch()
    {
        var (lease, _) = Lease();
        await lease.HoldAsync(Ct);
        _recorder.Clear();

        await lease.PeekAsync(Ct);
        await lease.ReleaseAsync(Ct);

        var statements = _recorder.Statements;
        Assert.Equal(2, statements.Count);
        var peek = SqlServerRecorder.Single<SelectStatement>(statements[0]);
        Assert.Equal(["Name"], SqlServerRecorder.Columns(((QuerySpecification)peek.QueryExpression).WhereClause));
        var release = SqlServerRecorder.Single<UpdateStatement>(statements[1]).UpdateSpecification;
        Assert.Equal(["ExpiresAt"], Assigned(release).Keys);
        Assert.Equal(["Name", "HolderId", "Epoch"], SqlServerRecorder.Columns(release.WhereClause));
        AssertEqualityOnly(release.WhereClause);
        AssertNoDirtyReads(statements);
        Assert.Equal(0, lease.Epoch);
    }

    /// <summary>The SET clauses of an UPDATE: column → the expression assigned to it.</summary>
    private static Dictionary<string, ScalarExpression> Assigned(UpdateSpecification update) =>
        update.SetClauses.Cast<AssignmentSetClause>().ToDictionary(s => s.Column.MultiPartIdentifier.Identifiers[^1].Value, s => s.NewValue);

    private static IEnumerable<(string? Column, BooleanComparisonType Type)> Comparisons(WhereClause where) =>
        Descendants<BooleanComparisonExpression>(where).Select(c => (SqlServerRecorder.Columns(c.FirstExpression).FirstOrDefault(), c.ComparisonType));

    /// <summary>Every condition an equality, joined by AND: the statement matches one holder at one epoch, nothing broader.</summary>
    private static void AssertEqualityOnly(WhereClause where)
    {
        Assert.All(Comparisons(where), c => Assert.Equal(BooleanComparisonType.Equals, c.Type));
        Assert.All(Descendants<BooleanBinaryExpression>(where), b => Assert.Equal(BooleanBinaryExpressionType.And, b.BinaryExpressionType));
    }

    /// <summary>No hint that reads or skips past other transactions' locks: the lease's order rests on them.</summary>
    private static void AssertNoDirtyReads(IEnumerable<string> statements) =>
        Assert.All(statements, sql => Assert.DoesNotContain(SqlServerRecorder.Hints(SqlServerRecorder.Parse(sql)),
            h => h is TableHintKind.NoLock or TableHintKind.ReadUncommitted or TableHintKind.ReadPast));

    private static List<T> Descendants<T>(TSqlFragment fragment) where T : TSqlFragment
    {
        var visitor = new Collect<T>();
        fragment.Accept(visitor);
        return visitor.Found;
    }

    private sealed class Collect<T> : TSqlFragmentVisitor where T : TSqlFragment
    {
        public List<T> Found { get; } = [];

        public override void Visit(TSqlFragment node)
        {
            if (node is T t) Found.Add(t);
        }
    }
}

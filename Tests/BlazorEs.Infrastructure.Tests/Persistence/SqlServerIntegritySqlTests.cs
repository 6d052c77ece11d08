using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BlazorEs.Infrastructure.Tests.Persistence;

/// <summary>
/// The verifier's SQL Server statements (<see cref="IntegritySql"/>, the chain scan), which no SQL Server here can run:
/// each parses as T-SQL, reads the tables it is about, and the Commands checks are bounded to the positions the scan
/// covered (<c>@through</c>) — on every provider, so that commits landing during a verification are never a break.
/// </summary>
public sealed class SqlServerIntegritySqlTests
{
    private static readonly Dictionary<string, string> Sql = new()
    {
        ["triggers"] = IntegritySql.Triggers(DatabaseProvider.SqlServer),
        ["command mismatch"] = IntegritySql.CommandMismatch(DatabaseProvider.SqlServer),
        ["commands through"] = IntegritySql.CommandsThrough(DatabaseProvider.SqlServer),
        ["event without command"] = IntegritySql.EventWithoutCommand,
        ["chain scan"] = ChainScan.Select,
    };

    public static TheoryData<string> Statements => [.. Sql.Keys];

    [Theory]
    [MemberData(nameof(Statements))]
    public void EachStatementParsesAsOneSelectOfATable(string statement)
    {
        var select = SqlServerRecorder.Single<SelectStatement>(Sql[statement]);

        Assert.NotEmpty(Tables(select));
    }

    [Fact]
    public void TheTriggerListIsReadFromTheCatalog()
    {
        var select = SqlServerRecorder.Single<SelectStatement>(IntegritySql.Triggers(DatabaseProvider.SqlServer));

        Assert.Equal(["sys.triggers"], Tables(select));
    }

    [Fact]
    public void TheCommandChecksReadCommandsAgainstEventsUpToTheScannedPosition()
    {
        var mismatch = SqlServerRecorder.Single<SelectStatement>(IntegritySql.CommandMismatch(DatabaseProvider.SqlServer));
        var through = SqlServerRecorder.Single<SelectStatement>(IntegritySql.CommandsThrough(DatabaseProvider.SqlServer));
        var orphan = SqlServerRecorder.Single<SelectStatement>(IntegritySql.EventWithoutCommand);

        Assert.Equal(["Commands", "Events", "Events"], Tables(mismatch));
        Assert.Equal(["Commands"], Tables(through));
        Assert.Equal(["Events", "Commands"], Tables(orphan));
        Assert.All([mismatch, through, orphan], s => Assert.Contains("@through", Variables(s)));
        Assert.NotNull(((QuerySpecification)mismatch.QueryExpression).TopRowFilter); // the first mismatch only
    }

    [Fact]
    public void TheChainScanReadsARangeOfPositionsInOrder()
    {
        var scan = (QuerySpecification)SqlServerRecorder.Single<SelectStatement>(ChainScan.Select).QueryExpression;

        Assert.Equal(["@after", "@to"], Variables(scan.WhereClause));
        Assert.Equal(["Position"], SqlServerRecorder.Columns(scan.OrderByClause));
        Assert.Contains("Hash", SqlServerRecorder.Columns(scan));
        Assert.Contains("PreviousHash", SqlServerRecorder.Columns(scan));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void EveryProvidersCommandChecksAreBoundedTheSameWay(DatabaseProvider provider)
    {
        Assert.Contains("e.Position <= @through", IntegritySql.CommandMismatch(provider));
        Assert.Contains("<= @through", IntegritySql.CommandsThrough(provider));
        Assert.Contains("e.Position <= @through", IntegritySql.EventWithoutCommand);
    }

    private static List<string> Tables(TSqlFragment fragment)
    {
        var visitor = new TableVisitor();
        fragment.Accept(visitor);
        return visitor.Names;
    }

    private static List<string> Variables(TSqlFragment fragment)
    {
        var visitor = new VariableVisitor();
        fragment.Accept(visitor);
        return visitor.Names;
    }

    private sealed class TableVisitor : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(NamedTableReference node) =>
            Names.Add(node.SchemaObject.SchemaIdentifier is { } schema ? $"{schema.Value}.{node.SchemaObject.BaseIdentifier.Value}" : node.SchemaObject.BaseIdentifier.Value);
    }

    private sealed class VariableVisitor : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(VariableReference node) => Names.Add(node.Name);
    }
}

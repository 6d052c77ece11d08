using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using IsolationLevel = System.Data.IsolationLevel;

namespace BlazorEs.Infrastructure.Tests.Persistence;

/// <summary>
/// No SQL Server runs on the build machines, so its statements are caught on their way out: EF's SQL Server provider
/// writes them as for a real server (its SQL generator, its parameters), and this interceptor hands each context a
/// connection that opens nothing and keeps every statement's text. Non-queries answer one row affected; a SELECT
/// answers the row <see cref="Row"/> gives for the columns it names, in the order it names them.
/// </summary>
internal sealed class SqlServerRecorder : DbConnectionInterceptor
{
    public const string ConnectionString = "Server=sqlserver.invalid;Database=BlazorEs;Trusted_Connection=True;TrustServerCertificate=True";

    private readonly Lock _gate = new();
    private readonly List<string> _statements = [];

    /// <summary>The value of a selected column, by name.</summary>
    public Func<string, object> Row { get; init; } = column => throw new InvalidOperationException($"No value for column {column}.");

    public IReadOnlyList<string> Statements
    {
        get { lock (_gate) return [.. _statements]; }
    }

    public void Clear()
    {
        lock (_gate) _statements.Clear();
    }

    public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        InterceptionResult<DbConnection>.SuppressWithResult(new RecordingConnection(this));

    private void Record(string sql)
    {
        lock (_gate) _statements.Add(sql);
    }

    /// <summary>Parses <paramref name="sql"/> as T-SQL (SQL Server 2022's grammar); fails the test with the parser's errors.</summary>
    public static TSqlScript Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var script = (TSqlScript)parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, $"{sql}{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
        return script;
    }

    /// <summary>The one statement of <paramref name="sql"/>, parsed.</summary>
    public static TStatement Single<TStatement>(string sql) where TStatement : TSqlStatement =>
        Assert.IsType<TStatement>(Assert.Single(Assert.Single(Parse(sql).Batches).Statements));

    /// <summary>The names of the columns referred to anywhere in <paramref name="fragment"/> (the last part of each name).</summary>
    public static IReadOnlyList<string> Columns(TSqlFragment? fragment)
    {
        var visitor = new ColumnVisitor();
        fragment?.Accept(visitor);
        return visitor.Names;
    }

    /// <summary>The table hints anywhere in <paramref name="fragment"/> (NOLOCK, UPDLOCK, ...).</summary>
    public static IReadOnlyList<TableHintKind> Hints(TSqlFragment fragment)
    {
        var visitor = new HintVisitor();
        fragment.Accept(visitor);
        return visitor.Kinds;
    }

    private sealed class ColumnVisitor : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier is { } name) Names.Add(name.Identifiers[^1].Value);
        }
    }

    private sealed class HintVisitor : TSqlFragmentVisitor
    {
        public List<TableHintKind> Kinds { get; } = [];

        public override void Visit(TableHint node) => Kinds.Add(node.HintKind);
    }

    private sealed class RecordingConnection(SqlServerRecorder recorder) : DbConnection
    {
        private ConnectionState _state = ConnectionState.Closed;

        [AllowNull]
        public override string ConnectionString { get; set; } = SqlServerRecorder.ConnectionString;
        public override string Database => "BlazorEs";
        public override string DataSource => "sqlserver.invalid";
        public override string ServerVersion => "16.00.1000";
        public override ConnectionState State => _state;
        public override void ChangeDatabase(string databaseName) { }
        public override void Open() => _state = ConnectionState.Open;
        public override void Close() => _state = ConnectionState.Closed;
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new RecordingTransaction(this, isolationLevel);
        protected override DbCommand CreateDbCommand() => new RecordingCommand(recorder) { Connection = this };
    }

    private sealed class RecordingTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;
        protected override DbConnection DbConnection => connection;
        public override void Commit() { }
        public override void Rollback() { }
    }

    /// <summary>A command whose parameters are SQL Server's own (EF's SQL Server type mappings configure them as such).</summary>
    private sealed class RecordingCommand(SqlServerRecorder recorder) : DbCommand
    {
        private readonly SqlCommand _parameters = new();

        [AllowNull]
        public override string CommandText { get; set; } = "";
        public override int CommandTimeout { get; set; } = 30;
        public override CommandType CommandType { get; set; } = CommandType.Text;
        public override bool DesignTimeVisible { get; set; }
        public override UpdateRowSource UpdatedRowSource { get; set; }
        protected override DbConnection? DbConnection { get; set; }
        protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;
        protected override DbTransaction? DbTransaction { get; set; }
        public override void Cancel() { }
        public override void Prepare() { }
        protected override DbParameter CreateDbParameter() => new SqlParameter();

        public override int ExecuteNonQuery()
        {
            recorder.Record(CommandText);
            return 1;
        }

        public override object? ExecuteScalar()
        {
            recorder.Record(CommandText);
            return null;
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            recorder.Record(CommandText);
            var table = new DataTable();
            var select = Single<SelectStatement>(CommandText).QueryExpression as QuerySpecification
                ?? throw new InvalidOperationException($"Not a plain SELECT: {CommandText}");
            var columns = select.SelectElements.Select(e => Assert.IsType<ColumnReferenceExpression>(Assert.IsType<SelectScalarExpression>(e).Expression)
                .MultiPartIdentifier.Identifiers[^1].Value).ToList();
            var values = columns.Select(recorder.Row).ToArray();
            for (var i = 0; i < columns.Count; i++) table.Columns.Add(columns[i], values[i].GetType());
            table.Rows.Add(values);
            return table.CreateDataReader();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _parameters.Dispose();
            base.Dispose(disposing);
        }
    }
}

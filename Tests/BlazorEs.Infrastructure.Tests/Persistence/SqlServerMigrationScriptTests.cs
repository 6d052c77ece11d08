using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BlazorEs.Infrastructure.Tests.Persistence;

/// <summary>No SQL Server can run on the build machines: its migrations are checked by parsing the generated script.</summary>
public sealed class SqlServerMigrationScriptTests
{
    private static string GenerateScript()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    [Fact]
    public void TheSqlServerMigrationScriptParsesWithoutErrors()
    {
        var script = GenerateScript();

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
    }

    [Fact]
    public void TheSqlServerScriptCreatesTheEventsTableAndTheTriggerThatKeepsItAppendOnly()
    {
        var script = GenerateScript();

        Assert.Contains("CREATE TABLE [Events]", script);
        Assert.Contains("[Position] bigint NOT NULL", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Events_StreamId_StreamVersion]", script);
        Assert.Contains("INSTEAD OF UPDATE, DELETE", script);
        Assert.Contains("CREATE TABLE [Commands]", script);
    }

    [Fact]
    public void SqlServerUniqueViolationsAreRecognisedByErrorNumber()
    {
        Assert.True(SqlServerSql.IsUniqueViolation(2601));
        Assert.True(SqlServerSql.IsUniqueViolation(2627));
        Assert.False(SqlServerSql.IsUniqueViolation(1205));
    }
}

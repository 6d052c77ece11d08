using System.Collections.Concurrent;
using System.Data.Common;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Upsert, insert and delete of one table of the EF model without EF's change tracker: the SQL is built once from
/// the model's column metadata, and values are bound through each column's own type mapping (value converters
/// included: UTC times, decimals as SQLite REAL), so a row is stored exactly as SaveChanges would store it.
/// SQLite upserts with INSERT … ON CONFLICT DO UPDATE; SQL Server with UPDATE, then INSERT when no row matched
/// (safe here: each table has one writer at a time, the projection's catch-up).
/// </summary>
internal sealed class TableWriter
{
    private static readonly ConcurrentDictionary<IEntityType, TableWriter> Writers = new();

    private readonly Column[] _columns;
    private readonly Column _key;

    private TableWriter(IEntityType entity, ISqlGenerationHelper sql, DatabaseProvider provider)
    {
        var table = Table = sql.DelimitIdentifier(entity.GetTableName()!);
        var keyProperty = entity.FindPrimaryKey()!.Properties.Single();
        _columns = entity.GetProperties().Select((p, i) => new Column(p.GetColumnName(), sql.DelimitIdentifier(p.GetColumnName()), $"@p{i}", p)).ToArray();
        _key = _columns.Single(c => c.Property == keyProperty);
        var names = string.Join(", ", _columns.Select(c => c.Name));
        var values = string.Join(", ", _columns.Select(c => c.Parameter));
        var others = _columns.Where(c => c != _key).ToArray();

        InsertSql = $"INSERT INTO {table} ({names}) VALUES ({values})";
        DeleteSql = $"DELETE FROM {table} WHERE {_key.Name} = {_key.Parameter}";
        UpsertSql = provider == DatabaseProvider.SqlServer
            ? $"UPDATE {table} SET {string.Join(", ", others.Select(c => $"{c.Name} = {c.Parameter}"))} WHERE {_key.Name} = {_key.Parameter}; "
              + $"IF @@ROWCOUNT = 0 {InsertSql};"
            : $"{InsertSql} ON CONFLICT ({_key.Name}) DO UPDATE SET {string.Join(", ", others.Select(c => $"{c.Name} = excluded.{c.Name}"))}";
    }

    /// <summary>The table's name, delimited for the provider.</summary>
    public string Table { get; }

    public string UpsertSql { get; }
    public string InsertSql { get; }
    public string DeleteSql { get; }

    /// <summary>The writer of the entity type named <paramref name="entityName"/> (a shared-type table name or a CLR type's name).</summary>
    public static TableWriter For(EventStoreDbContext db, string entityName, DatabaseProvider provider)
    {
        var entity = db.Model.FindEntityType(entityName) ?? throw new InvalidOperationException($"No entity type {entityName} in the model.");
        return Writers.GetOrAdd(entity, e => new TableWriter(e, db.GetService<ISqlGenerationHelper>(), provider));
    }

    /// <summary>Binds every column of <paramref name="entity"/> to <paramref name="command"/> (whose text is <see cref="UpsertSql"/> or <see cref="InsertSql"/>).</summary>
    public void BindRow(DbCommand command, object entity)
    {
        command.Parameters.Clear();
        foreach (var column in _columns)
            command.Parameters.Add(column.Mapping.CreateParameter(command, column.Parameter, column.Getter.GetClrValueUsingContainingEntity(entity), column.Property.IsNullable));
    }

    /// <summary>How many columns a row has: the length of <see cref="StoredValues"/>' span.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Each column's name as the table has it (not delimited), in the model's order.</summary>
    public IEnumerable<string> ColumnNames => _columns.Select(c => c.RawName);

    /// <summary>The CLR type each column is stored as (after its value converter), in the model's order.</summary>
    public IEnumerable<Type> StoredTypes => _columns.Select(c => c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType);

    /// <summary>What each column of <paramref name="entity"/> is stored as (after its value converter; null for NULL), in the model's order.</summary>
    public void StoredValues(object entity, Span<object?> values)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            var value = column.Getter.GetClrValueUsingContainingEntity(entity);
            values[i] = value is null || column.Mapping.Converter is not { } converter ? value : converter.ConvertToProvider(value);
        }
    }

    public void BindKey(DbCommand command, string key)
    {
        command.Parameters.Clear();
        command.Parameters.Add(_key.Mapping.CreateParameter(command, _key.Parameter, key, nullable: false));
    }

    private sealed class Column(string rawName, string name, string parameter, IProperty property)
    {
        public string RawName { get; } = rawName;
        public string Name { get; } = name;
        public string Parameter { get; } = parameter;
        public IProperty Property { get; } = property;
        public RelationalTypeMapping Mapping { get; } = property.GetRelationalTypeMapping();
        public IClrPropertyGetter Getter { get; } = property.GetGetter();
    }
}

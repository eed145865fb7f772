using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Scheduling.Core.Persistence;

/// <summary>
/// Saving the many new rows of a few entity types as one multi-row statement per table, all in one round
/// trip. A booking writes a series, its sessions and dozens of messages and surveys; as an INSERT per row,
/// EF's change tracking, batching and parameters for those rows cost more than PostgreSQL spends storing
/// them. Here each table gets <c>INSERT … SELECT * FROM unnest(@column1, @column2, …)</c>, one array per
/// column, so the statement's text never changes and is prepared once per connection. The statements are
/// built from the EF model (table, columns, value conversions), so a column added to the model is written
/// with no change here; the database's constraints check every row exactly as they check an INSERT.
/// </summary>
public static class BulkInserts
{
    private static readonly ConcurrentDictionary<IEntityType, TableInsert> Inserts = new();

    /// <summary>
    /// Saves every change as <see cref="DbContext.SaveChangesAsync(CancellationToken)"/> would, in one
    /// transaction, except that the added entities of <paramref name="inBulk"/> are written as one
    /// statement per type, in the order given (referenced types first), after the other changes (so they
    /// may refer to those, not the other way round). The bulk-written entities are no longer tracked
    /// afterwards, and when they were the only changes, nothing else is either: re-read what is to be
    /// changed again.
    /// </summary>
    public static async Task SaveChangesWithBulkInsertsAsync(
        this DbContext db,
        IReadOnlyList<Type> inBulk,
        CancellationToken cancellationToken
    )
    {
        // One pass to find every change; the default would repeat it for each look at the entries.
        db.ChangeTracker.DetectChanges();
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var pending = db.ChangeTracker.Entries().Where(e => e.State is not EntityState.Unchanged).ToList();
        db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        var added = inBulk
            .Select(type => pending.Where(e => e.State == EntityState.Added && e.Metadata.ClrType == type).ToList())
            .Where(entries => entries.Count > 0)
            .ToList();
        await using var batch = new NpgsqlBatch();
        foreach (var entries in added)
        {
            batch.BatchCommands.Add(
                Inserts.GetOrAdd(entries[0].Metadata, TableInsert.For).Command(entries.Select(e => e.Entity).ToList())
            );
        }

        if (added.Sum(entries => entries.Count) == pending.Count && db.Database.CurrentTransaction is null)
        {
            // Nothing else to save: the batch alone is atomic (one implicit transaction up to its single
            // Sync), and letting go of every entity at once costs EF far less than detaching them one by one.
            db.ChangeTracker.Clear();
            await ExecuteAsync(db, batch, cancellationToken);
            return;
        }

        foreach (var entry in added.SelectMany(entries => entries))
        {
            entry.State = EntityState.Detached;
        }

        var transaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        await using (transaction)
        {
            await db.SaveChangesAsync(cancellationToken);
            await ExecuteAsync(db, batch, cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
    }

    private static async Task ExecuteAsync(DbContext db, NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            batch.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Column(
        IClrPropertyGetter Getter,
        Func<object?, object?> ToProvider,
        Type ElementType,
        string ArrayTypeName,
        string? CastTo = null
    );

    private sealed class TableInsert(string sql, IReadOnlyList<Column> columns)
    {
        public static TableInsert For(IEntityType entityType)
        {
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var properties = entityType
                .GetProperties()
                .Where(p => p.GetColumnName(table) is not null && !IsStoreGenerated(p))
                .ToList();
            var columns = properties
                .Select(p =>
                {
                    var mapping = p.GetRelationalTypeMapping();
                    var converter = mapping.Converter;
                    var providerType = converter?.ProviderClrType ?? p.ClrType;
                    var elementType =
                        p.IsNullable && providerType.IsValueType && Nullable.GetUnderlyingType(providerType) is null
                            ? typeof(Nullable<>).MakeGenericType(providerType)
                            : providerType;
                    if (IsArray(providerType))
                    {
                        // unnest flattens an array of arrays, so each row's array travels as its text and is cast back.
                        return new Column(
                            p.GetGetter(),
                            value => ArrayLiteral(value),
                            typeof(string),
                            "text[]",
                            mapping.StoreType
                        );
                    }

                    return new Column(
                        p.GetGetter(),
                        converter is null ? value => value : converter.ConvertToProvider,
                        elementType,
                        mapping.StoreTypeNameBase + "[]"
                    );
                })
                .ToList();
            var names = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
            var arrays = string.Join(", ", columns.Select((_, i) => "$" + (i + 1)));
            var rows = columns.Any(c => c.CastTo is not null)
                ? string.Join(", ", columns.Select((c, i) => c.CastTo is null ? $"c{i}" : $"c{i}::{c.CastTo}"))
                    + $" FROM unnest({arrays}) AS u({string.Join(", ", columns.Select((_, i) => $"c{i}"))})"
                : $"* FROM unnest({arrays})";
            var schema = table.Schema is null ? "" : Quote(table.Schema) + ".";
            return new TableInsert($"INSERT INTO {schema}{Quote(table.Name)} ({names}) SELECT {rows}", columns);
        }

        private static bool IsArray(Type type) =>
            type != typeof(string)
            && type != typeof(byte[])
            && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

        /// <summary>PostgreSQL's text form of a one-dimensional array: every element quoted, NULL for null.</summary>
        private static string? ArrayLiteral(object? value) =>
            value is not System.Collections.IEnumerable items
                ? null
                : "{"
                    + string.Join(
                        ",",
                        items
                            .Cast<object?>()
                            .Select(item =>
                                item is null
                                    ? "NULL"
                                    : "\""
                                        + Convert
                                            .ToString(item, CultureInfo.InvariantCulture)!
                                            .Replace("\\", "\\\\", StringComparison.Ordinal)
                                            .Replace("\"", "\\\"", StringComparison.Ordinal)
                                        + "\""
                            )
                    )
                    + "}";

        public NpgsqlBatchCommand Command(List<object> rows)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var column in columns)
            {
                var values = Array.CreateInstance(column.ElementType, rows.Count);
                for (var i = 0; i < rows.Count; i++)
                {
                    values.SetValue(column.ToProvider(column.Getter.GetClrValue(rows[i])), i);
                }

                command.Parameters.Add(new NpgsqlParameter { Value = values, DataTypeName = column.ArrayTypeName });
            }

            return command;
        }

        /// <summary>
        /// Columns the database fills: identities, the row version (<c>xmin</c>) and computed columns. A
        /// default written in SQL would need EF's rule (send the value unless it is the CLR default), which
        /// no bulk-inserted table needs, so it is refused rather than guessed.
        /// </summary>
        private static bool IsStoreGenerated(IProperty property)
        {
            if (property.GetDefaultValueSql() is not null)
            {
                throw new NotSupportedException(
                    $"{property.DeclaringType.DisplayName()}.{property.Name} has a default in SQL; "
                        + "bulk inserts do not write such columns."
                );
            }

            return property.ValueGenerated == ValueGenerated.OnAddOrUpdate
                || property.GetComputedColumnSql() is not null
                || property.GetValueGenerationStrategy() != NpgsqlValueGenerationStrategy.None;
        }

        private static string Quote(string identifier) =>
            "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}

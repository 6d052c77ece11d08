using BlazorEs.Infrastructure.Integrity;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Tests.Integrity;

/// <summary>Tampering done for real on the SQLite file, around the triggers; the verifier must name the position and the kind.</summary>
public sealed class TamperTests
{
    [Fact]
    public async Task ACleanHistoryVerifies()
    {
        await using var chained = await ChainedStore.CreateAsync();

        var outcome = await chained.VerifyAsync();

        Assert.Empty(outcome.Breaks);
        Assert.Equal(33, outcome.Checked);
        Assert.Equal(33, outcome.Through);
    }

    [Theory]
    [InlineData("Data = replace(Data, '\"quantity\":10', '\"quantity\":99')")]
    [InlineData("Type = 'StockAdjusted'")]
    [InlineData("SchemaVersion = 2")]
    [InlineData("StreamId = 'product-S9'")]
    [InlineData("StreamVersion = StreamVersion + 100")]
    [InlineData("EventId = 'not-the-event-id'")]
    [InlineData("UserId = 'mallory'")]
    [InlineData("CommandName = 'Other'")]
    [InlineData("CommandId = CommandId || 'x'")]
    [InlineData("CorrelationId = 'corr-other'")]
    [InlineData("CausationId = 'cause-other'")]
    [InlineData("RecordedAt = '2020-01-01 00:00:00'")]
    [InlineData("Hash = randomblob(32)")]
    [InlineData("PreviousHash = randomblob(32)")]
    public async Task AnEditedColumnIsAnEditAtItsPosition(string set)
    {
        await using var chained = await ChainedStore.CreateAsync();

        await chained.TamperAsync($"UPDATE Events SET {set} WHERE Position = 10");

        var first = (await chained.VerifyAsync()).Breaks.First(b => b.Kind != BreakKind.CommandAltered);
        Assert.Equal((10, BreakKind.Edited), (first.Position, first.Kind));
        Assert.NotNull(first.Stored);
        Assert.NotEqual(first.StoredHash, first.ExpectedHash is { } e && first.StoredPreviousHash == first.ExpectedPreviousHash ? e : "");
    }

    [Theory]
    [InlineData("Position = 10", 10)]
    [InlineData("Position BETWEEN 10 AND 12", 10)]
    [InlineData("Position = 1", 1)]
    public async Task DeletedRowsAreAGapFromTheFirstMissingPosition(string where, long first)
    {
        await using var chained = await ChainedStore.CreateAsync();

        await chained.TamperAsync($"DELETE FROM Events WHERE {where}");

        var found = (await chained.VerifyAsync()).Breaks[0];
        Assert.Equal((first, BreakKind.Deleted), (found.Position, found.Kind));
    }

    [Fact]
    public async Task SwappedRowsAreAReorderAtTheFirstOfThem()
    {
        await using var chained = await ChainedStore.CreateAsync();

        await chained.TamperAsync("UPDATE Events SET Position = -1 WHERE Position = 10; UPDATE Events SET Position = 10 WHERE Position = 11; UPDATE Events SET Position = 11 WHERE Position = -1");

        var found = (await chained.VerifyAsync()).Breaks[0];
        Assert.Equal((10, BreakKind.Reordered), (found.Position, found.Kind));
    }

    [Fact]
    public async Task ARowAddedAtTheEndWithoutTheWriterIsAnInsert()
    {
        await using var chained = await ChainedStore.CreateAsync();

        await chained.TamperAsync(Forged(34, "NULL", "NULL"));

        var found = (await chained.VerifyAsync()).Breaks[0];
        Assert.Equal((34, BreakKind.Inserted), (found.Position, found.Kind));
    }

    [Fact]
    public async Task ARowSlippedIntoTheMiddleIsAnInsertEvenWithTheRightLinkBeforeIt()
    {
        await using var chained = await ChainedStore.CreateAsync();

        // Later rows moved up one place; the forged row takes position 10 and copies the link the real one had.
        await chained.TamperAsync("UPDATE Events SET Position = Position + 1000000 WHERE Position >= 10; UPDATE Events SET Position = Position - 999999 WHERE Position >= 1000000; "
            + Forged(10, "(SELECT Hash FROM Events WHERE Position = 9)", "randomblob(32)"));

        var found = (await chained.VerifyAsync()).Breaks[0];
        Assert.Equal((10, BreakKind.Inserted), (found.Position, found.Kind));
    }

    [Fact]
    public async Task AMissingTriggerIsNamedAndTheChainItselfStillVerifies()
    {
        await using var chained = await ChainedStore.CreateAsync();

        await chained.Store.ExecuteRawAsync("DROP TRIGGER Events_NoDelete");

        var found = Assert.Single((await chained.VerifyAsync()).Breaks);
        Assert.Equal(BreakKind.TriggerMissing, found.Kind);
        Assert.Contains("Events_NoDelete", found.Reason);
    }

    [Fact]
    public async Task ATailCutAfterASignedCheckpointIsNamedFromTheFirstMissingPosition()
    {
        await using var chained = await ChainedStore.CreateAsync();
        await chained.Monitor.VerifyNowAsync(CancellationToken.None); // verifies and signs the head, 33

        await chained.TamperAsync("DELETE FROM Events WHERE Position > 28");

        // The cut commands' rows are left without their events as well.
        var breaks = (await chained.VerifyAsync()).Breaks;
        Assert.Equal((29, BreakKind.TailCut), (breaks[0].Position, breaks[0].Kind));
        Assert.All(breaks.Skip(1), b => Assert.Equal(BreakKind.CommandAltered, b.Kind));
    }

    [Theory]
    [InlineData("Hash = randomblob(32)")]
    [InlineData("Signature = randomblob(32)")]
    [InlineData("CreatedAt = '2020-01-01 00:00:00'")]
    [InlineData("KeyId = '0000000000000000'")]
    public async Task AnAlteredCheckpointDoesNotVerify(string set)
    {
        await using var chained = await ChainedStore.CreateAsync();
        await chained.Monitor.VerifyNowAsync(CancellationToken.None);

        await chained.TamperAsync($"UPDATE IntegrityCheckpoints SET {set}");

        var found = Assert.Single((await chained.VerifyAsync()).Breaks);
        Assert.Equal((33, BreakKind.CheckpointInvalid), (found.Position, found.Kind));
    }

    [Fact]
    public async Task AnEditWithEveryLaterHashRecomputedIsCaughtByTheSignedCheckpoint()
    {
        await using var chained = await ChainedStore.CreateAsync();
        await chained.Monitor.VerifyNowAsync(CancellationToken.None);

        await chained.TamperAsync("UPDATE Events SET UserId = 'mallory' WHERE Position = 10");
        await RechainAsync(chained, from: 10);

        var outcome = await chained.VerifyAsync();
        var found = Assert.Single(outcome.Breaks);
        Assert.Equal((33, BreakKind.Rewritten), (found.Position, found.Kind));
    }

    [Fact]
    public async Task AnEditedOrDeletedCommandsRowDisagreesWithItsEvents()
    {
        await using var edited = await ChainedStore.CreateAsync();
        await edited.TamperAsync("UPDATE Commands SET Result = replace(Result, '\"lastPosition\":10', '\"lastPosition\":11') WHERE Result LIKE '%\"lastPosition\":10,%' OR Result LIKE '%\"lastPosition\":10}%'");
        var found = Assert.Single((await edited.VerifyAsync()).Breaks);
        Assert.Equal(BreakKind.CommandAltered, found.Kind);

        await using var deleted = await ChainedStore.CreateAsync();
        await deleted.TamperAsync("DELETE FROM Commands WHERE CommandId = (SELECT CommandId FROM Events WHERE Position = 12)");
        found = Assert.Single((await deleted.VerifyAsync()).Breaks);
        Assert.Equal((12, BreakKind.CommandAltered), (found.Position, found.Kind));
    }

    private static string Forged(long position, string previous, string hash) =>
        "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId, PreviousHash, Hash) "
        + $"VALUES ({position}, 'forged-{position}', 'product-F', 1, 'StockReceived', 1, '{{\"sku\":\"F\",\"quantity\":1,\"reference\":\"x\"}}', '2026-01-01 00:00:00', 'mallory', 'ReceiveStock', 'forged', 'forged', 'forged', {previous}, {hash});";

    /// <summary>What a DBA who knows the recipe does after an edit: recomputes every hash from <paramref name="from"/> on.</summary>
    private static async Task RechainAsync(ChainedStore chained, long from)
    {
        await using var db = chained.Store.Factory.CreateContext();
        var rows = await db.Events.AsNoTracking().Where(e => e.Position >= from).OrderBy(e => e.Position).ToListAsync();
        var previous = rows[0].PreviousHash!;
        var sql = new System.Text.StringBuilder();
        var digest = new byte[32];
        foreach (var r in rows)
        {
            EventHash.Digest(r.StreamId, r.EventId, r.Type, r.SchemaVersion, r.UserId, r.CommandName, r.CommandId, r.CorrelationId, r.CausationId, r.Data, digest);
            var hash = new byte[32];
            EventHash.Link(previous, r.Position, r.StreamVersion, r.RecordedAt.Ticks, digest, hash);
            sql.Append($"UPDATE Events SET PreviousHash = x'{Convert.ToHexString(previous)}', Hash = x'{Convert.ToHexString(hash)}' WHERE Position = {r.Position};");
            previous = hash;
        }
        await chained.TamperAsync(sql.ToString());
    }
}

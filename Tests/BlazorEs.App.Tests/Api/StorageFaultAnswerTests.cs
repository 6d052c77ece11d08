using BlazorEs.App.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BlazorEs.App.Tests.Api;

/// <summary>
/// A fault of the database met on a request's own path (not the writer's, which logs its batch): the client gets a
/// 503 with Retry-After and no stack, whichever way it is answered — an endpoint's mapping (ApiProblems) or the
/// exception handler (StorageFaultHandler) — and the server's log gets the stack with the request. The fault is a real
/// one: a write on a real SQLite file opened read-only.
/// </summary>
public sealed class StorageFaultAnswerTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"blazores-fault-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddLogging(logging => logging.AddFakeLogging())
        .AddProblemDetails()
        .BuildServiceProvider();

    [Fact]
    public async Task AnEndpointMappingAStorageFaultAnswers503AndLogsTheStack()
    {
        var fault = await ReadOnlyWriteAsync();
        var http = Request("/api/replay/stock-levels");

        await ApiProblems.From(fault).ExecuteAsync(http);

        await AssertAnsweredAndLoggedAsync(http, "GET /api/replay/stock-levels answered 503");
    }

    [Fact]
    public async Task TheExceptionHandlerAnswers503AndLogsTheStack()
    {
        var fault = await ReadOnlyWriteAsync();
        var http = Request("/orders");
        var handler = new StorageFaultHandler(_services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>());

        Assert.True(await handler.TryHandleAsync(http, fault, CancellationToken.None));

        await AssertAnsweredAndLoggedAsync(http, "GET /orders answered 503");
    }

    private async Task AssertAnsweredAndLoggedAsync(HttpContext http, string logged)
    {
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("2", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Contains("the database file is read-only", body);
        Assert.DoesNotContain("SqliteException", body);
        Assert.DoesNotContain(" at ", body);

        var record = Assert.Single(_services.GetFakeLogCollector().GetSnapshot(), r => r.Category == StorageFaultLog.Category);
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.IsType<SqliteException>(record.Exception);
        Assert.Contains(logged, record.Message);
    }

    private DefaultHttpContext Request(string path)
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = "GET";
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        return http;
    }

    private async Task<SqliteException> ReadOnlyWriteAsync()
    {
        await using (var create = new SqliteConnection($"Data Source={_file};Pooling=False"))
        {
            await create.OpenAsync();
            await using var table = create.CreateCommand();
            table.CommandText = "CREATE TABLE t (x INTEGER)";
            await table.ExecuteNonQueryAsync();
        }
        await using var readOnly = new SqliteConnection($"Data Source={_file};Mode=ReadOnly;Pooling=False");
        await readOnly.OpenAsync();
        await using var insert = readOnly.CreateCommand();
        insert.CommandText = "INSERT INTO t VALUES (1)";
        return await Assert.ThrowsAsync<SqliteException>(() => insert.ExecuteNonQueryAsync());
    }

    public void Dispose()
    {
        _services.Dispose();
        File.Delete(_file);
    }
}

using Microsoft.AspNetCore.Http.Features;

namespace BlazorEs.App.Api;

/// <summary>
/// Every POST/PUT/PATCH under /api reads at most <see cref="MaxBytes"/> of body (commands read theirs with the same
/// limit, CommandEndpoints.MaxBodyBytes): a declared Content-Length above it is 413 before a byte is read, and a chunked
/// body is cut off at the limit (413 too), so an operator or account body cannot make the server buffer megabytes.
/// </summary>
internal static class ApiBodyLimit
{
    public const int MaxBytes = CommandEndpoints.MaxBodyBytes;

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
        {
            await next(context);
            return;
        }
        if (request.ContentLength > MaxBytes)
        {
            await TooLarge(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel) kestrel.MaxRequestBodySize = MaxBytes;
        request.Body = new LimitedBody(request.Body, MaxBytes);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLarge(context);
        }
    });

    private static Task TooLarge(HttpContext context)
    {
        context.Response.Clear();
        // The rest of the body is not read: the connection closes after the answer rather than draining it.
        context.Response.Headers.Connection = "close";
        return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body must be at most {MaxBytes} bytes.").ExecuteAsync(context);
    }

    /// <summary>A read-only view of the body that refuses to go past the limit.</summary>
    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new BadHttpRequestException($"The body must be at most {limit} bytes.", StatusCodes.Status413PayloadTooLarge) : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

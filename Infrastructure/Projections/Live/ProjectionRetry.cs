using BlazorEs.Infrastructure.Cluster;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>A projection's retry with exponential backoff, before it parks.</summary>
internal static class ProjectionRetry
{
    public static ResiliencePipeline Pipeline(ProjectionOptions options, ILogger logger, string projection) =>
        // One attempt means no retry strategy at all: Polly refuses a retry strategy with zero retries.
        options.MaxAttempts <= 1 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // Losing the lease is no failure of the projection: it stops at once, and never parks for it.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not (OperationCanceledException or NotTheProjectorException)),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                UseJitter = false,
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "{Projection} attempt {Attempt} failed; retrying in {Delay}",
                        projection, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}

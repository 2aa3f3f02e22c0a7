using System.Diagnostics;
using Triad.DotnetApi.Metrics;
using Triad.DotnetApi.Telemetry;

namespace Triad.DotnetApi.Webhooks;

/// <summary>
/// Runs <c>WEBHOOK_WORKERS</c> workers that process queued webhook events. On shutdown it closes
/// the queue and returns once every waiting event is processed, or when the host's shutdown
/// timeout ends the wait.
/// </summary>
public sealed partial class WebhookWorker(
    WebhookQueue queue,
    ServiceSettings settings,
    ServiceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<WebhookWorker> logger) : BackgroundService
{
    #region worker-pool
    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Close();
        return base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The workers ignore stoppingToken: they stop when the closed queue runs empty.
        var workers = Enumerable.Range(0, settings.WebhookWorkers).Select(_ => Task.Run(RunWorkerAsync, CancellationToken.None));
        return Task.WhenAll(workers);
    }

    private async Task RunWorkerAsync()
    {
        await foreach (var webhookEvent in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            queue.OnDequeued();
            await ProcessAsync(webhookEvent);
        }
    }

    private async Task ProcessAsync(WebhookEvent webhookEvent)
    {
        using var activity = Instrumentation.ActivitySource.StartActivity("webhook.process", ActivityKind.Consumer, webhookEvent.Parent);
        activity?.SetTag("webhook.event_type", webhookEvent.EventType);
        activity?.SetTag("webhook.source", webhookEvent.Source);

        await Task.Delay(TimeSpan.FromMilliseconds(settings.SimulatedIoMs), timeProvider, CancellationToken.None);

        metrics.WebhooksProcessed.Inc();
        LogWebhookProcessed(logger, webhookEvent.EventType, webhookEvent.Source);
    }
    #endregion

    [LoggerMessage(Level = LogLevel.Information, Message = "webhook processed: {EventType} from {WebhookSource}")]
    private static partial void LogWebhookProcessed(ILogger logger, string eventType, string webhookSource);
}

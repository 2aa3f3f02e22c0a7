using System.Diagnostics;
using System.Threading.Channels;
using Triad.DotnetApi.Metrics;

namespace Triad.DotnetApi.Webhooks;

/// <summary>
/// A webhook event waiting for a worker; <paramref name="Parent"/> is the span context of the
/// request that queued it, so the worker's span joins that trace.
/// </summary>
public sealed record WebhookEvent(string EventType, string Source, ActivityContext Parent);

/// <summary>The bounded queue between the webhook route and the workers, of capacity <c>WEBHOOK_QUEUE</c>.</summary>
public sealed class WebhookQueue
{
    private readonly Channel<WebhookEvent> channel;
    private readonly ServiceMetrics metrics;

    #region bounded-queue
    /// <summary>Creates an empty queue.</summary>
    public WebhookQueue(ServiceSettings settings, ServiceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Capacity = settings.WebhookQueue;
        this.metrics = metrics;
        channel = Channel.CreateBounded<WebhookEvent>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The maximum number of waiting events.</summary>
    public int Capacity { get; }

    /// <summary>The number of waiting events.</summary>
    public int Count => channel.Reader.Count;

    /// <summary>The side the workers read from; it completes once the queue is closed and empty.</summary>
    public ChannelReader<WebhookEvent> Reader => channel.Reader;

    /// <summary>Queues <paramref name="webhookEvent"/> without waiting; returns false when the queue is full or closed.</summary>
    public bool TryEnqueue(WebhookEvent webhookEvent)
    {
        if (!channel.Writer.TryWrite(webhookEvent))
        {
            return false;
        }

        metrics.WebhookQueueDepth.Set(Count);
        return true;
    }
    #endregion

    /// <summary>Records that a worker took an event off the queue.</summary>
    public void OnDequeued()
    {
        metrics.WebhookQueueDepth.Set(Count);
    }

    /// <summary>Closes the queue to new events; the workers still process the waiting ones.</summary>
    public void Close()
    {
        channel.Writer.TryComplete();
    }
}

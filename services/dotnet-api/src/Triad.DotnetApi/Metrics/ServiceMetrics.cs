using Prometheus;

namespace Triad.DotnetApi.Metrics;

/// <summary>
/// The Prometheus metrics of the shared contract, in a registry of their own so that the
/// exposition contains exactly the contract's names and none of prometheus-net's defaults.
/// </summary>
public sealed class ServiceMetrics
{
    #region metrics
    /// <summary>Creates the metrics and the callbacks that sample runtime values at each scrape.</summary>
    public ServiceMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        RequestDuration = factory.CreateHistogram("http_server_request_duration_seconds", "Duration of HTTP requests.",
            new HistogramConfiguration { LabelNames = ["method", "route", "status_code"] });
        RequestsInFlight = factory.CreateGauge("http_server_requests_in_flight", "HTTP requests being served.");
        WebhooksAccepted = factory.CreateCounter("webhook_events_accepted_total", "Webhook events queued.");
        WebhooksProcessed = factory.CreateCounter("webhook_events_processed_total", "Webhook events a worker finished.");
        WebhooksRejected = factory.CreateCounter("webhook_events_rejected_total", "Webhook events refused with 503.",
            new CounterConfiguration { LabelNames = ["reason"] });
        WebhookQueueDepth = factory.CreateGauge("webhook_queue_depth", "Webhook events waiting in the queue.");
        RateLimitRejected = factory.CreateCounter("rate_limit_rejected_total", "Requests rejected with 429.");
        SpansDropped = factory.CreateCounter("telemetry_spans_dropped_total", "Spans the exporter pipeline gave up on.");

        var residentMemory = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        var threadPoolThreads = factory.CreateGauge("dotnet_threadpool_threads", "Threads of the .NET thread pool.");
        var threadPoolQueueLength = factory.CreateGauge("dotnet_threadpool_queue_length", "Work items queued to the .NET thread pool.");

        // Both reasons are listed from the first scrape on, so a dashboard gets zeros, not a missing series.
        WebhooksRejected.WithLabels("queue_full");
        WebhooksRejected.WithLabels("draining");

        Registry.AddBeforeCollectCallback(() =>
        {
            // Environment.WorkingSet is the resident set size on Linux.
            residentMemory.Set(Environment.WorkingSet);
            threadPoolThreads.Set(ThreadPool.ThreadCount);
            threadPoolQueueLength.Set(ThreadPool.PendingWorkItemCount);
        });
    }
    #endregion

    /// <summary>The registry that <c>/metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Request duration by method, route template and status code.</summary>
    public Histogram RequestDuration { get; }

    /// <summary>Requests being served.</summary>
    public Gauge RequestsInFlight { get; }

    /// <summary>Webhook events queued.</summary>
    public Counter WebhooksAccepted { get; }

    /// <summary>Webhook events that a worker finished.</summary>
    public Counter WebhooksProcessed { get; }

    /// <summary>Webhook events refused with 503, by reason <c>queue_full</c> or <c>draining</c>.</summary>
    public Counter WebhooksRejected { get; }

    /// <summary>Webhook events waiting in the queue.</summary>
    public Gauge WebhookQueueDepth { get; }

    /// <summary>Requests rejected with 429.</summary>
    public Counter RateLimitRejected { get; }

    /// <summary>Spans dropped by the exporter pipeline.</summary>
    public Counter SpansDropped { get; }
}

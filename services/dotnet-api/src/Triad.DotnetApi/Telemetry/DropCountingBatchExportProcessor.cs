using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Triad.DotnetApi.Telemetry;

/// <summary>
/// A batch span processor with a bounded queue that counts every span it gives up on: spans
/// that find the queue full and spans of a batch the exporter fails to send.
/// </summary>
/// <remarks>
/// The SDK's <see cref="BatchActivityExportProcessor"/> keeps its count of dropped spans internal
/// (OpenTelemetry .NET 1.21), so this processor does the same batching with a public count.
/// Ending a span only enqueues it; the export runs on the processor's own thread.
/// </remarks>
public sealed class DropCountingBatchExportProcessor : BaseExportProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> queue = new();
    private readonly int maxQueueSize;
    private readonly int maxExportBatchSize;
    private readonly int scheduledDelayMilliseconds;
    private readonly Action<long> onDropped;
    private readonly AutoResetEvent exportRequested = new(false);
    private readonly ManualResetEventSlim exportCycleCompleted = new(false);
    private readonly Thread exportThread;
    private int queuedCount;
    private volatile bool shutdownRequested;

    /// <summary>Creates the processor and starts its export thread.</summary>
    /// <param name="exporter">The exporter that receives each batch.</param>
    /// <param name="options">Queue size, batch size and delay, read by the SDK from <c>OTEL_BSP_*</c>.</param>
    /// <param name="onDropped">Called with the number of spans dropped.</param>
    public DropCountingBatchExportProcessor(BaseExporter<Activity> exporter, BatchExportProcessorOptions<Activity> options, Action<long> onDropped)
        : base(exporter)
    {
        ArgumentNullException.ThrowIfNull(options);
        maxQueueSize = options.MaxQueueSize;
        maxExportBatchSize = Math.Min(options.MaxExportBatchSize, options.MaxQueueSize);
        scheduledDelayMilliseconds = options.ScheduledDelayMilliseconds;
        this.onDropped = onDropped;
        exportThread = new Thread(RunExportLoop) { IsBackground = true, Name = "span exporter" };
        exportThread.Start();
    }

    /// <inheritdoc />
    protected override void OnExport(Activity data)
    {
        if (!data.Recorded)
        {
            return;
        }

        if (Interlocked.Increment(ref queuedCount) > maxQueueSize)
        {
            Interlocked.Decrement(ref queuedCount);
            onDropped(1);
            return;
        }

        queue.Enqueue(data);
        if (Volatile.Read(ref queuedCount) >= maxExportBatchSize)
        {
            exportRequested.Set();
        }
    }

    /// <inheritdoc />
    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        exportCycleCompleted.Reset();
        exportRequested.Set();
        return exportCycleCompleted.Wait(timeoutMilliseconds) && exporter.ForceFlush(timeoutMilliseconds);
    }

    /// <inheritdoc />
    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        shutdownRequested = true;
        exportRequested.Set();
        var stopwatch = Stopwatch.StartNew();
        var exported = exportThread.Join(timeoutMilliseconds);
        var remaining = timeoutMilliseconds == Timeout.Infinite
            ? Timeout.Infinite
            : Math.Max(0, timeoutMilliseconds - (int)stopwatch.ElapsedMilliseconds);

        return exporter.Shutdown(remaining) && exported;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            exportRequested.Dispose();
            exportCycleCompleted.Dispose();
        }

        base.Dispose(disposing);
    }

    private void RunExportLoop()
    {
        var batch = new Activity[maxExportBatchSize];
        while (true)
        {
            exportRequested.WaitOne(scheduledDelayMilliseconds);
            ExportQueued(batch);
            exportCycleCompleted.Set();

            if (shutdownRequested)
            {
                ExportQueued(batch);
                return;
            }
        }
    }

    private void ExportQueued(Activity[] batch)
    {
        while (true)
        {
            var count = 0;
            while (count < batch.Length && queue.TryDequeue(out var activity))
            {
                batch[count++] = activity;
            }

            if (count == 0)
            {
                return;
            }

            Interlocked.Add(ref queuedCount, -count);
            Export(batch, count);
            Array.Clear(batch, 0, count);
        }
    }

    private void Export(Activity[] batch, int count)
    {
        ExportResult result;
        try
        {
            result = exporter.Export(new Batch<Activity>(batch, count));
        }
        catch (Exception)
        {
            // An exporter that throws loses the batch like one that fails; the SDK's processor does the same.
            result = ExportResult.Failure;
        }

        if (result != ExportResult.Success)
        {
            onDropped(count);
        }
    }
}

using System.Diagnostics;
using OpenTelemetry;
using Triad.DotnetApi.Telemetry;

namespace Triad.DotnetApi.Tests;

public sealed class DropCountingBatchExportProcessorTests
{
    [Fact]
    public void Processor_FullQueueAndFailedExport_CountsEveryDrop()
    {
        using var exporter = new BlockingFailingExporter();
        long dropped = 0;
        var options = new BatchExportProcessorOptions<Activity> { MaxQueueSize = 2, MaxExportBatchSize = 2, ScheduledDelayMilliseconds = 60_000 };
        using var processor = new DropCountingBatchExportProcessor(exporter, options, count => Interlocked.Add(ref dropped, count));

        // The first two spans fill a batch; the export thread takes them and blocks in the exporter.
        processor.OnEnd(RecordedActivity());
        processor.OnEnd(RecordedActivity());
        Assert.True(exporter.Entered.Wait(TimeSpan.FromSeconds(5)));

        // Two more fill the queue again and the fifth finds it full.
        processor.OnEnd(RecordedActivity());
        processor.OnEnd(RecordedActivity());
        processor.OnEnd(RecordedActivity());
        Assert.Equal(1, Interlocked.Read(ref dropped));

        exporter.Release.Set();
        Assert.True(processor.Shutdown(5_000));

        // Both failed batches of two count as dropped too.
        Assert.Equal(5, Interlocked.Read(ref dropped));
        Assert.Equal(4, exporter.ExportedSpans);
    }

    [Fact]
    public void Processor_UnrecordedSpan_IsIgnored()
    {
        using var exporter = new BlockingFailingExporter();
        exporter.Release.Set();
        long dropped = 0;
        var options = new BatchExportProcessorOptions<Activity> { MaxQueueSize = 1, MaxExportBatchSize = 1 };
        using var processor = new DropCountingBatchExportProcessor(exporter, options, count => Interlocked.Add(ref dropped, count));

        using var activity = new Activity("unrecorded");
        activity.Start().Stop();
        processor.OnEnd(activity);
        processor.Shutdown(5_000);

        Assert.Equal(0, Interlocked.Read(ref dropped));
        Assert.Equal(0, exporter.ExportedSpans);
    }

    private static Activity RecordedActivity()
    {
        var activity = new Activity("recorded");
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        activity.Start().Stop();
        return activity;
    }

    private sealed class BlockingFailingExporter : BaseExporter<Activity>
    {
        private int exportedSpans;

        public ManualResetEventSlim Entered { get; } = new(false);

        public ManualResetEventSlim Release { get; } = new(false);

        public int ExportedSpans => Volatile.Read(ref exportedSpans);

        public override ExportResult Export(in Batch<Activity> batch)
        {
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(10));
            Interlocked.Add(ref exportedSpans, (int)batch.Count);
            return ExportResult.Failure;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Entered.Dispose();
                Release.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

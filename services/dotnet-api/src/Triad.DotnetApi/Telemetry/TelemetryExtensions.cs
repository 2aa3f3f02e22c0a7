using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Triad.DotnetApi.Metrics;

namespace Triad.DotnetApi.Telemetry;

/// <summary>Sets up tracing with the OpenTelemetry SDK, configured by the standard <c>OTEL_*</c> variables.</summary>
public static class TelemetryExtensions
{
    #region tracer-setup
    /// <summary>
    /// Adds a tracer provider that records server spans, client spans and this service's own
    /// spans and exports them over OTLP gRPC; adds nothing when <c>OTEL_SDK_DISABLED=true</c>.
    /// </summary>
    public static IHostApplicationBuilder AddServiceTelemetry(this IHostApplicationBuilder builder, ServiceSettings settings)
    {
        if (!settings.TracingEnabled)
        {
            return builder;
        }

        Sdk.SetDefaultTextMapPropagator(new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]));

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? ServiceSettings.ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(Instrumentation.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddProcessor(services => CreateExportProcessor(services.GetRequiredService<ServiceMetrics>())));

        return builder;
    }

    // OtlpExporterOptions and its batch options read OTEL_EXPORTER_OTLP_* and OTEL_BSP_* when created.
    private static DropCountingBatchExportProcessor CreateExportProcessor(ServiceMetrics metrics)
    {
        var exporterOptions = new OtlpExporterOptions();
        var exporter = new OtlpTraceExporter(exporterOptions);

        return new DropCountingBatchExportProcessor(exporter, exporterOptions.BatchExportProcessorOptions, count => metrics.SpansDropped.Inc(count));
    }
    #endregion
}

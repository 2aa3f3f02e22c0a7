using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Triad.DotnetApi.Logging;

/// <summary>Options of <see cref="JsonLineConsoleFormatter"/>.</summary>
public sealed class JsonLineConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The value of the <c>service</c> key.</summary>
    public string ServiceName { get; set; } = ServiceSettings.ServiceName;

    /// <summary>Whether lines carry <c>trace_id</c> and <c>span_id</c> of the current span.</summary>
    public bool IncludeTraceContext { get; set; }
}

/// <summary>
/// Writes each log entry as one JSON object with the keys of the shared contract: <c>time</c>,
/// <c>level</c>, <c>msg</c>, <c>service</c>, <c>trace_id</c> and <c>span_id</c>, then the
/// template's placeholders in snake_case.
/// </summary>
/// <remarks>
/// A message template opens with the fixed message (<c>"webhook processed: {EventType}"</c>), so
/// <c>msg</c> is the template's text before its first placeholder, with a trailing colon
/// removed, and the same event always has the same <c>msg</c>. A template that opens with a
/// placeholder, as some of the framework's do, is written rendered.
/// </remarks>
public sealed class JsonLineConsoleFormatter : ConsoleFormatter, IDisposable
{
    /// <summary>The name that selects this formatter in logging configuration.</summary>
    public const string FormatterName = "triad-json";

    private const string OriginalFormatKey = "{OriginalFormat}";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IDisposable? optionsReloadToken;
    private JsonLineConsoleFormatterOptions options;

    /// <summary>Creates the formatter with options that follow configuration changes.</summary>
    public JsonLineConsoleFormatter(IOptionsMonitor<JsonLineConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.CurrentValue;
        optionsReloadToken = options.OnChange(updated => this.options = updated);
    }

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var state = logEntry.State as IReadOnlyList<KeyValuePair<string, object?>>;

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("time", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("level", LevelName(logEntry.LogLevel));
            writer.WriteString("msg", MessageOf(logEntry, state));
            writer.WriteString("service", options.ServiceName);
            WriteTraceContext(writer);
            WriteFields(writer, state);
            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("exception", exception.ToString());
            }

            writer.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write('\n');
    }

    /// <inheritdoc />
    public void Dispose()
    {
        optionsReloadToken?.Dispose();
    }

    private static string LevelName(LogLevel level)
    {
        return level switch
        {
            LogLevel.Trace or LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            _ => "error",
        };
    }

    private static string MessageOf<TState>(in LogEntry<TState> logEntry, IReadOnlyList<KeyValuePair<string, object?>>? state)
    {
        var template = state?.FirstOrDefault(pair => pair.Key == OriginalFormatKey).Value as string;
        var placeholderStart = template?.IndexOf('{', StringComparison.Ordinal) ?? -1;
        if (template is null || placeholderStart == 0)
        {
            return logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? string.Empty;
        }

        var fixedText = placeholderStart < 0 ? template : template[..placeholderStart];
        return fixedText.TrimEnd().TrimEnd(':');
    }

    private void WriteTraceContext(Utf8JsonWriter writer)
    {
        if (!options.IncludeTraceContext || Activity.Current is not { } activity)
        {
            return;
        }

        writer.WriteString("trace_id", activity.TraceId.ToHexString());
        writer.WriteString("span_id", activity.SpanId.ToHexString());
    }

    private static void WriteFields(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, object?>>? state)
    {
        if (state is null)
        {
            return;
        }

        foreach (var (key, value) in state)
        {
            if (key == OriginalFormatKey)
            {
                continue;
            }

            writer.WritePropertyName(JsonNamingPolicy.SnakeCaseLower.ConvertName(key));
            WriteValue(writer, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool boolean:
                writer.WriteBooleanValue(boolean);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}

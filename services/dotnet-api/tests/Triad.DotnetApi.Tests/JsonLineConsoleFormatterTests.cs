using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Triad.DotnetApi.Logging;

namespace Triad.DotnetApi.Tests;

public sealed class JsonLineConsoleFormatterTests
{
    [Fact]
    public void Write_TemplateWithFields_WritesContractKeysInOrder()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var line = Format(true, LogLevel.Information, "webhook processed: {EventType} from {WebhookSource}", "user.created", "github");

        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal(["time", "level", "msg", "service", "trace_id", "span_id", "event_type", "webhook_source"], entry.EnumerateObject().Select(member => member.Name).ToArray());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", entry.GetProperty("time").GetString());
        Assert.Equal("info", entry.GetProperty("level").GetString());
        Assert.Equal("webhook processed", entry.GetProperty("msg").GetString());
        Assert.Equal("dotnet-api", entry.GetProperty("service").GetString());
        Assert.Equal(activity.TraceId.ToHexString(), entry.GetProperty("trace_id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), entry.GetProperty("span_id").GetString());
        Assert.Equal("github", entry.GetProperty("webhook_source").GetString());
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(LogLevel.Debug, "debug")]
    [InlineData(LogLevel.Warning, "warn")]
    [InlineData(LogLevel.Critical, "error")]
    public void Write_Level_UsesContractName(LogLevel level, string expected)
    {
        var entry = JsonDocument.Parse(Format(false, level, "shutdown started")).RootElement;

        Assert.Equal(expected, entry.GetProperty("level").GetString());
    }

    [Fact]
    public void Write_NumbersAndTracingOff_WritesNumbersWithoutTraceKeys()
    {
        using var activity = new Activity("request").Start();

        var entry = JsonDocument.Parse(Format(false, LogLevel.Debug, "request completed: {StatusCode} in {DurationMs} ms", 200, 1.5)).RootElement;

        Assert.False(entry.TryGetProperty("trace_id", out _));
        Assert.Equal(200, entry.GetProperty("status_code").GetInt32());
        Assert.Equal(1.5, entry.GetProperty("duration_ms").GetDouble());
    }

    [Fact]
    public void Write_TemplateStartingWithPlaceholder_WritesRenderedMessage()
    {
        var entry = JsonDocument.Parse(Format(false, LogLevel.Warning, "{Path} was slow", "/api/user")).RootElement;

        Assert.Equal("/api/user was slow", entry.GetProperty("msg").GetString());
        Assert.Equal("/api/user", entry.GetProperty("path").GetString());
    }

    private static string Format(bool includeTraceContext, LogLevel level, string template, params object[] arguments)
    {
        var options = new JsonLineConsoleFormatterOptions { IncludeTraceContext = includeTraceContext };
        using var formatter = new JsonLineConsoleFormatter(new StaticOptionsMonitor(options));
        var state = new FormattedState(template, arguments);
        using var writer = new StringWriter();

        formatter.Write(new LogEntry<FormattedState>(level, "test", default, state, null, (value, _) => value.ToString()), null, writer);
        return writer.ToString();
    }

    // Mirrors what LoggerExtensions pass to the formatter: the placeholders, then {OriginalFormat}.
    private sealed class FormattedState(string template, object[] arguments) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> pairs = Pairs(template, arguments);

        public int Count => pairs.Count;

        public KeyValuePair<string, object?> this[int index] => pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString()
        {
            var message = template;
            foreach (var (name, value) in pairs.SkipLast(1))
            {
                message = message.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            return message;
        }

        private static List<KeyValuePair<string, object?>> Pairs(string template, object[] arguments)
        {
            var names = System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)\}").Select(match => match.Groups[1].Value).ToList();
            var pairs = names.Select((name, index) => new KeyValuePair<string, object?>(name, arguments[index])).ToList();
            pairs.Add(new("{OriginalFormat}", template));
            return pairs;
        }
    }

    private sealed class StaticOptionsMonitor(JsonLineConsoleFormatterOptions value) : IOptionsMonitor<JsonLineConsoleFormatterOptions>
    {
        public JsonLineConsoleFormatterOptions CurrentValue => value;

        public JsonLineConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<JsonLineConsoleFormatterOptions, string?> listener) => null;
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace Triad.DotnetApi.Webhooks;

/// <summary>The reasons a request body cannot be used as JSON.</summary>
public enum JsonBodyError
{
    /// <summary>The body is valid JSON.</summary>
    None,

    /// <summary>The body exceeds <see cref="JsonBody.MaxBytes"/>.</summary>
    TooLarge,

    /// <summary>The body is not JSON.</summary>
    Invalid,

    /// <summary>The body nests arrays or objects deeper than <see cref="JsonBody.MaxDepth"/>.</summary>
    TooDeep,
}

/// <summary>Reads and parses a JSON request body within the size and depth limits of the contract.</summary>
public static class JsonBody
{
    /// <summary>The maximum body size in bytes (1 MiB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The maximum nesting of arrays and objects; the top-level value is level 1.</summary>
    public const int MaxDepth = 64;

    /// <summary>Reports whether <paramref name="contentType"/> is <c>application/json</c>, with any parameters.</summary>
    public static bool IsJsonContentType(string? contentType)
    {
        return MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads the body, stopping as soon as it exceeds <see cref="MaxBytes"/>, so an oversized
    /// body is never buffered whole. Returns null when the body is too large.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (body.Length + read > MaxBytes)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel enforces its own MaxRequestBodySize on a chunked body while it is read.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return body.ToArray();
    }

    /// <summary>Parses <paramref name="utf8Json"/>; the document is null unless the error is <see cref="JsonBodyError.None"/>.</summary>
    public static (JsonDocument? Document, JsonBodyError Error) Parse(byte[] utf8Json)
    {
        var error = Validate(utf8Json);
        if (error != JsonBodyError.None)
        {
            return (null, error);
        }

        return (JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = MaxDepth }), JsonBodyError.None);
    }

    // The reader reports a depth error and a syntax error with the same exception type, so the
    // reader allows one level more and this loop counts the levels itself.
    private static JsonBodyError Validate(byte[] utf8Json)
    {
        // The reader checks UTF-8 only where a string value is decoded, so the body is checked whole first.
        if (!Utf8.IsValid(utf8Json))
        {
            return JsonBodyError.Invalid;
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var depth = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when ++depth > MaxDepth:
                        return JsonBodyError.TooDeep;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return JsonBodyError.Invalid;
        }

        return JsonBodyError.None;
    }
}

using System.Text;
using Triad.DotnetApi.Webhooks;

namespace Triad.DotnetApi.Tests;

public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("application/json", true)]
    [InlineData("Application/JSON; charset=utf-8", true)]
    [InlineData("application/json;charset=\"UTF-8\"", true)]
    [InlineData("text/json", false)]
    [InlineData("application/json-seq", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsJsonContentType_MatchesMediaType(string? contentType, bool expected)
    {
        Assert.Equal(expected, JsonBody.IsJsonContentType(contentType));
    }

    [Theory]
    [InlineData(1, JsonBodyError.None)]
    [InlineData(64, JsonBodyError.None)]
    [InlineData(65, JsonBodyError.TooDeep)]
    [InlineData(1000, JsonBodyError.TooDeep)]
    public void Parse_NestedArrays_LimitsDepth(int levels, JsonBodyError expected)
    {
        var json = new string('[', levels) + new string(']', levels);

        var (document, error) = JsonBody.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(expected, error);
        Assert.Equal(expected == JsonBodyError.None, document is not null);
        document?.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"a\":}")]
    [InlineData("{} {}")]
    [InlineData("[1,]")]
    public void Parse_InvalidJson_IsInvalid(string json)
    {
        var (document, error) = JsonBody.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Null(document);
        Assert.Equal(JsonBodyError.Invalid, error);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsInvalid()
    {
        var (document, error) = JsonBody.Parse([(byte)'"', 0xC3, 0x28, (byte)'"']);

        Assert.Null(document);
        Assert.Equal(JsonBodyError.Invalid, error);
    }
}

using Microsoft.AspNetCore.Connections;
using Triad.DotnetApi;
using Triad.DotnetApi.TraceContext;
using Triad.DotnetApi.Users;
using Triad.DotnetApi.Webhooks;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults();
    builder.AddApplicationServices();

    var app = builder.Build();

    app.UseServiceDefaults();
    app.MapDefaultEndpoints();
    app.MapUsersApi();
    app.MapWebhooksApi();
    app.MapTraceContextTestApi();

    await app.RunAsync();
    return 0;
}
catch (InvalidSettingException exception)
{
    await Console.Error.WriteLineAsync($"{ServiceSettings.ServiceName}: {exception.Message}");
    return 2;
}
catch (IOException exception) when (exception.InnerException is AddressInUseException)
{
    await Console.Error.WriteLineAsync($"{ServiceSettings.ServiceName}: {exception.Message}");
    return 1;
}

/// <summary>The entry point, public so that tests can start the service with WebApplicationFactory.</summary>
public partial class Program;

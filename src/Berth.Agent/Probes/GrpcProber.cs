using Berth.Timing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Berth.Agent.Probes;

/// <summary>
/// A grpc probe (kube's pkg/probe/grpc): grpc.health.v1.Health/Check with the probe's service name
/// over plain-text HTTP/2, within timeoutSeconds for connecting and calling together. SERVING
/// succeeds; any other answer or error fails with kubelet's wording.
/// </summary>
public sealed class GrpcProber
{
    public async Task<ProbeOutcome> ProbeAsync(string host, int port, string service, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = $"{(host.Contains(':') ? $"[{host}]" : host)}:{port}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var channel = GrpcChannel.ForAddress($"http://{address}", new GrpcChannelOptions
        {
            HttpHandler = new KubeProbeUserAgent(new SocketsHttpHandler { UseProxy = false, UseCookies = false }),
            DisposeHttpClient = true,
        });
        try
        {
            // grpc-go's blocking dial retries until the deadline, so kubelet reports a refused port as a timeout too.
            await channel.ConnectAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"timeout: failed to connect service \"{address}\" within {GoDuration.FormatSeconds(timeout)}: context deadline exceeded");
        }
        try
        {
            var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: deadline.Token);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? ProbeOutcome.Success("service healthy")
                : ProbeOutcome.Failure($"service unhealthy (responded with \"{StatusName(response.Status)}\")");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            return ProbeOutcome.Failure($"error: this server does not implement the grpc health protocol (grpc.health.v1.Health): {e.Status.Detail}");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled && !cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"timeout: health rpc did not complete within {GoDuration.FormatSeconds(timeout)}");
        }
        catch (RpcException e)
        {
            return ProbeOutcome.Failure($"error: health rpc probe failed: rpc error: code = {CodeName(e.StatusCode)} desc = {e.Status.Detail}");
        }
    }

    /// <summary>The status as the proto enum names it (Go's String()).</summary>
    private static string StatusName(HealthCheckResponse.Types.ServingStatus status) => status switch
    {
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
        HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        HealthCheckResponse.Types.ServingStatus.Unknown => "UNKNOWN",
        _ => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A status code as grpc-go's codes.Code prints it (the names match but for Canceled).</summary>
    private static string CodeName(StatusCode code) => code == StatusCode.Cancelled ? "Canceled" : code.ToString();

    /// <summary>kubelet dials with grpc.WithUserAgent("kube-probe/MAJOR.MINOR"): this replaces grpc-dotnet's own User-Agent.</summary>
    private sealed class KubeProbeUserAgent(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", HttpProber.UserAgent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

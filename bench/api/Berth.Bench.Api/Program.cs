using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

// Measures a running `berth server` through its HTTP API (see ../run; creates/s are wrk's, creates.lua):
//   list     : list latency over the objects in one namespace (10 lists, median)
//   watch    : delivery latency to WATCHERS concurrent watches of one namespace, N creates 20 ms apart:
//              from the create's acknowledgement (201 received) and from its send to each watcher's event
// usage: Berth.Bench.Api URL TOKEN list|watch N [WATCHERS]
var (url, token, mode, n) = (args[0], args[1], args[2], int.Parse(args[3]));
var width = args.Length > 4 ? int.Parse(args[4]) : 16;
var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, MaxConnectionsPerServer = 1024 };
using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var ns = $"bench-{mode}-{Guid.NewGuid():N}"[..20];
await Send(HttpMethod.Post, "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");

switch (mode)
{
    case "list":
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < n)
                {
                    await Send(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap($"cm-{i}"));
                }
            }));
            var times = new List<double>();
            for (var run = 0; run < 10; run++)
            {
                var clock = Stopwatch.StartNew();
                var body = await http.GetStringAsync($"/api/v1/namespaces/{ns}/configmaps");
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (!body.Contains($"\"cm-{n - 1}\""))
                {
                    throw new InvalidOperationException("the list is missing objects");
                }
            }
            times.Sort();
            Console.WriteLine($"list_ms_p50={times[times.Count / 2]:F1} objects={n}");
            break;
        }
    case "watch":
        {
            var received = new List<int>[width];
            var arrivals = new List<double>[width];
            var sent = new double[n];
            var acked = new double[n];
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var ready = 0;
            var watchers = Enumerable.Range(0, width).Select(w => Task.Run(async () =>
            {
                (received[w], arrivals[w]) = ([], []);
                using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true", HttpCompletionOption.ResponseHeadersRead, stop.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                Interlocked.Increment(ref ready);
                while (received[w].Count < n && await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    var at = line.IndexOf("\"name\":\"w-", StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        arrivals[w].Add(clock.Elapsed.TotalMilliseconds);
                        received[w].Add(int.Parse(line[(at + 10)..line.IndexOf('"', at + 10)]));
                    }
                }
            })).ToList();
            while (Volatile.Read(ref ready) < width)
            {
                await Task.Delay(50);
            }
            for (var i = 0; i < n; i++)
            {
                sent[i] = clock.Elapsed.TotalMilliseconds;
                await Send(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap($"w-{i}"));
                acked[i] = clock.Elapsed.TotalMilliseconds;
                await Task.Delay(20);
            }
            await Task.WhenAll(watchers).WaitAsync(TimeSpan.FromMinutes(2));
            var fromAck = Enumerable.Range(0, width).SelectMany(w => received[w].Select((i, k) => arrivals[w][k] - acked[i])).Order().ToList();
            var fromSend = Enumerable.Range(0, width).SelectMany(w => received[w].Select((i, k) => arrivals[w][k] - sent[i])).Order().ToList();
            Console.WriteLine($"watch_ms_p50={fromAck[fromAck.Count / 2]:F1} watch_ms_p99={fromAck[(int)(fromAck.Count * 0.99)]:F1} " +
                $"watch_send_ms_p50={fromSend[fromSend.Count / 2]:F1} watch_send_ms_p99={fromSend[(int)(fromSend.Count * 0.99)]:F1} watchers={width} events={fromAck.Count}");
            await stop.CancelAsync();
            break;
        }
}

async Task Send(HttpMethod method, string path, string body)
{
    using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    using var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

static string ConfigMap(string name) =>
    """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","labels":{"bench":"api"}},"data":{"value":"VALUE"}}"""
        .Replace("NAME", name).Replace("VALUE", new string('x', 900));

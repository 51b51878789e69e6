namespace Berth.Acceptance;

public static class HttpRetry
{
    /// <summary>GETs <paramref name="url"/>, retrying for ~5 s: a server in a container starts a moment after `run -d` returns.</summary>
    public static async Task<string> GetStringAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}

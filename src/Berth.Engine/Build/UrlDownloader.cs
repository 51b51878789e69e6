using System.Text;
using Berth.Engine.Linux;
using Berth.Engine.Progress;
using Berth.Engine.Store;

namespace Berth.Engine.Build;

/// <summary>
/// ADD http(s)://…: fetches each URL into a directory of its own, as Docker does: no checksum, the
/// file's mode 0600, its time from the Last-Modified header, never extracted. A file is named after
/// the URL's last path segment (the name it gets under a destination directory).
/// </summary>
internal sealed class UrlDownloader(HttpClient client, IProgressDisplay display)
{
    private static readonly string[] Schemes = ["http://", "https://"];

    public static bool IsUrl(string source) => Schemes.Any(s => source.StartsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>Downloads <paramref name="urls"/> into <paramref name="directory"/>, which the result removes when disposed (also here on failure).</summary>
    /// <param name="toDirectory">Whether the destination is a directory, so each file needs a name from its URL.</param>
    public async Task<DownloadedFiles> DownloadAsync(IReadOnlyList<string> urls, string directory, bool toDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var names = new List<string>();
        var files = new DownloadedFiles(directory, names);
        try
        {
            foreach (var url in urls)
            {
                var name = FileName(url, toDirectory);
                if (names.Contains(name))
                {
                    throw new BerthException($"ADD {url}: another URL of this ADD has the file name {name}");
                }
                await DownloadAsync(url, Path.Combine(directory, name), cancellationToken);
                names.Add(name);
            }
            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    private async Task DownloadAsync(string url, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new BerthException($"ADD {url}: {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var download = new BlobTransfer(Digest.Of(Encoding.UTF8.GetBytes(url)), BlobKind.Download, response.Content.Headers.ContentLength ?? 0) { Source = url };
            await display.ShowAsync(async progress =>
            {
                progress.BlobStarted(download);
                await using (var file = new ProgressStream(File.Create(path), 0, bytes => progress.BlobAdvanced(download, bytes)))
                {
                    await response.Content.CopyToAsync(file, cancellationToken);
                }
                // The size the server announced may be missing: the finished line tells what came.
                progress.BlobFinished(download with { Size = new FileInfo(path).Length }, BlobOutcome.Copied);
                return true;
            });
            Posix.Chmod(path, 0b110_000_000); // 0600, as Docker gives a downloaded file
            if (response.Content.Headers.LastModified is { } modified)
            {
                File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new BerthException($"ADD {url}: {ex.Message}");
        }
    }

    private static string FileName(string url, bool toDirectory)
    {
        var name = Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? Uri.UnescapeDataString(uri.AbsolutePath.Split('/')[^1])
            : throw new BerthException($"ADD {url}: not a valid URL");
        if (name is "" or "." or "..")
        {
            return toDirectory ? throw new BerthException($"ADD {url}: cannot tell a file name from the URL; name the file in the destination") : "download";
        }
        return name;
    }
}

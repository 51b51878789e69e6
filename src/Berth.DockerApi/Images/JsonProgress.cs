using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Berth.Engine.Progress;
using Berth.Engine.Store;

namespace Berth.DockerApi.Images;

/// <summary>
/// A transfer's progress as Docker's JSON message stream: {"status":"Downloading","id":"abc123","progressDetail":
/// {"current":N,"total":M}} per line, {"error":…,"errorDetail":{"message":…}} at the end of a failed one.
/// Blobs report from several tasks at once: messages queue and one writer sends them in order.
/// </summary>
public sealed class JsonProgress : ITransferProgress
{
    private readonly Channel<JsonObject> _messages = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Stream _output;
    private readonly TransferWords _words;
    private readonly Task _writer;

    /// <param name="words">How blob messages read: dockerd's pull words unless given (<see cref="TransferWords.Push"/>).</param>
    public JsonProgress(Stream output, TransferWords? words = null)
    {
        _output = output;
        _words = words ?? TransferWords.Pull;
        _writer = WriteLoopAsync();
    }

    public void Status(string status, string? id = null, JsonObject? detail = null)
    {
        var message = new JsonObject { ["status"] = status };
        if (id is not null)
        {
            message["id"] = id;
        }
        if (detail is not null)
        {
            message["progressDetail"] = detail;
        }
        _messages.Writer.TryWrite(message);
    }

    /// <summary>Text for the client to print as it is ({"stream": …}): a build's step lines and RUN output.</summary>
    public void Text(string text)
    {
        if (text.Length > 0)
        {
            _messages.Writer.TryWrite(new JsonObject { ["stream"] = text });
        }
    }

    /// <summary>A result for the client to read ({"aux": …}): the built image's id.</summary>
    public void Aux(JsonObject aux) => _messages.Writer.TryWrite(new JsonObject { ["aux"] = aux });

    public void Error(string error) =>
        _messages.Writer.TryWrite(new JsonObject { ["error"] = error, ["errorDetail"] = new JsonObject { ["message"] = error } });

    /// <summary>Sends what is queued; nothing is written after it returns.</summary>
    public async Task CompleteAsync()
    {
        _messages.Writer.TryComplete();
        await _writer;
    }

    public void BlobStarted(BlobTransfer blob) => Status(_words.Started, ShortId(blob.Digest));

    public void BlobAdvanced(BlobTransfer blob, long bytesDone) =>
        Status(_words.Advancing, ShortId(blob.Digest), new JsonObject { ["current"] = bytesDone, ["total"] = blob.Size });

    public void BlobFinished(BlobTransfer blob, BlobOutcome outcome) => Status(outcome switch
    {
        BlobOutcome.Copied => _words.Copied,
        BlobOutcome.Mounted => _words.Mounted,
        _ => _words.Skipped,
    }, ShortId(blob.Digest));

    public void ManifestWritten(Digest manifest)
    {
    }

    private static string ShortId(Digest digest) => digest.ToString()["sha256:".Length..][..12];

    private async Task WriteLoopAsync()
    {
        await foreach (var message in _messages.Reader.ReadAllAsync())
        {
            try
            {
                await _output.WriteAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + "\r\n"));
            }
            catch (IOException)
            {
                // The client left; the transfer itself goes on to its end.
            }
        }
    }
}

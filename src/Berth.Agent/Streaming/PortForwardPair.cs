using Berth.Agent.Streaming.Spdy;

namespace Berth.Agent.Streaming;

/// <summary>
/// The two streams kubectl opens for one forwarded connection, matched by their requestID header:
/// the error stream (what goes wrong, as text) and the data stream (the connection's bytes).
/// </summary>
internal sealed class PortForwardPair(string requestId)
{
    public const string ErrorType = "error";
    public const string DataType = "data";

    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId { get; } = requestId;

    public SpdyStream? Error { get; private set; }

    public SpdyStream? Data { get; private set; }

    /// <summary>Done when both streams arrived.</summary>
    public Task Complete => _complete.Task;

    /// <summary>Adds a stream by its streamType; kubelet's message when that type is already there.</summary>
    public string? Add(SpdyStream stream)
    {
        lock (_complete)
        {
            switch (stream.Header("streamtype"))
            {
                case ErrorType when Error is not null:
                    return "error stream already assigned";
                case ErrorType:
                    Error = stream;
                    break;
                case DataType when Data is not null:
                    return "data stream already assigned";
                default:
                    Data = stream;
                    break;
            }
            if (Error is not null && Data is not null)
            {
                _complete.TrySetResult();
            }
            return null;
        }
    }
}

using System.Text;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// The kubelet's termination message: each container attempt gets its own file under the pod's directory,
/// bind-mounted at its terminationMessagePath; once the attempt exited, the file's last 4096 bytes
/// (kube's MaxContainerTerminationMessageLength) become its terminated state's message. With
/// FallbackToLogsOnError, a failed attempt that wrote nothing gets its log's last 80 lines, cut to their last 2048 bytes.
/// </summary>
public static class TerminationMessages
{
    public const int MaxLength = 4096;
    private const int LogLines = 80;
    private const int LogBytes = 2048;

    /// <summary>The message of an exited attempt of <paramref name="container"/>, as the kubelet reports it.</summary>
    public static async Task<string> OfAsync(string podDirectory, V1Container container, PodContainer run, ContainerLogReader logs, CancellationToken cancellationToken)
    {
        var message = Read(podDirectory, run.Name);
        if (message.Length > 0 || container.TerminationMessagePolicy != "FallbackToLogsOnError" || run.Record.ExitCode is 0 or null)
        {
            return message;
        }
        var tail = new StringBuilder();
        await foreach (var entry in logs.ReadAsync(run.Record, new LogReadOptions { Tail = LogLines }, cancellationToken))
        {
            tail.Append(entry.Text);
        }
        return LastBytes(tail.ToString(), LogBytes);
    }

    /// <summary>The mount placing a fresh, empty message file at the container's path; null when the container asks for none.</summary>
    public static BindMount? MountFor(string podDirectory, V1Container container, int attempt)
    {
        if (string.IsNullOrEmpty(container.TerminationMessagePath))
        {
            return null;
        }
        var path = PathOf(podDirectory, container.Name, attempt);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return new BindMount(path, container.TerminationMessagePath);
    }

    /// <summary>What the attempt wrote, cut to its last <see cref="MaxLength"/> bytes; empty when it wrote nothing or had no file.</summary>
    public static string Read(string podDirectory, PodContainerName name)
    {
        var path = PathOf(podDirectory, name.Container, name.Attempt);
        if (!File.Exists(path))
        {
            return "";
        }
        // Like kube's tail.ReadAtMost: the end of the file is what a crashing program wrote last.
        return LastBytes(File.ReadAllText(path), MaxLength);
    }

    /// <summary>The text's last <paramref name="count"/> UTF-8 bytes (kube keeps them in a circular buffer).</summary>
    public static string LastBytes(string text, int count)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= count ? text : Encoding.UTF8.GetString(bytes, bytes.Length - count, count);
    }

    private static string PathOf(string podDirectory, string container, int attempt) =>
        Path.Combine(podDirectory, "termination", $"{container}-{attempt}");
}

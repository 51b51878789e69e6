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
/// A pod's messages share 12 KiB, split evenly among its init and app containers, as kube splits them.
/// </summary>
public static class TerminationMessages
{
    public const int MaxLength = 4096;
    private const int PodMaxLength = 12 * 1024;
    private const int LogLines = 80;
    private const int LogBytes = 2048;

    /// <summary>The most each container of <paramref name="pod"/> may report: its share of the pod's 12 KiB, at most 4096 bytes.</summary>
    public static int LimitFor(V1Pod pod) =>
        Math.Min(MaxLength, PodMaxLength / Math.Max(1, (pod.Spec.InitContainers?.Count ?? 0) + pod.Spec.Containers.Count));

    /// <summary>The message of an exited attempt of <paramref name="container"/>, as the kubelet reports it, at most <paramref name="limit"/> bytes.</summary>
    public static async Task<string> OfAsync(string podDirectory, V1Container container, PodContainer run, int limit, ContainerLogReader logs, CancellationToken cancellationToken)
    {
        var message = Read(podDirectory, run.Name, limit);
        if (message.Length > 0 || container.TerminationMessagePolicy != "FallbackToLogsOnError" || run.Record.ExitCode is 0 or null)
        {
            return message;
        }
        var tail = new StringBuilder();
        await foreach (var entry in logs.ReadAsync(run.Record, new LogReadOptions { Tail = LogLines }, cancellationToken))
        {
            tail.Append(entry.Text);
        }
        return LastBytes(tail.ToString(), Math.Min(LogBytes, limit));
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

    /// <summary>What the attempt wrote, cut to its last <paramref name="limit"/> bytes; empty when it wrote nothing or had no file.</summary>
    public static string Read(string podDirectory, PodContainerName name, int limit)
    {
        var path = PathOf(podDirectory, name.Container, name.Attempt);
        if (!File.Exists(path))
        {
            return "";
        }
        // Like kube's tail.ReadAtMost: the end of the file is what a crashing program wrote last, and a
        // container that wrote gigabytes costs no more than the limit to read.
        using var file = File.OpenRead(path);
        var bytes = new byte[Math.Min(file.Length, limit)];
        file.Seek(-bytes.Length, SeekOrigin.End);
        file.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
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

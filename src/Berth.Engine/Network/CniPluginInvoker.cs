using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Engine.Network;

/// <summary>
/// Executes one CNI plugin as the CNI spec's runtime does (spec §"Execution protocol"): the
/// parameters in CNI_* variables, the network configuration on stdin, a result or an error
/// object on stdout.
/// </summary>
public sealed class CniPluginInvoker(IReadOnlyList<string> pluginDirectories)
{
    public IReadOnlyList<string> PluginDirectories { get; } = pluginDirectories;

    /// <summary>Runs the plugin named by the configuration's "type"; returns its result (ADD) or null (DEL, CHECK).</summary>
    /// <exception cref="BerthException">The plugin is missing, fails, or prints something that is not a result.</exception>
    public async Task<JsonObject?> InvokeAsync(CniCommand command, JsonObject config, CniRuntimeArgs args, CancellationToken cancellationToken = default)
    {
        var type = config["type"]?.GetValue<string>() ?? throw new BerthException("CNI network configuration has a plugin without a \"type\"");
        var verb = command.ToString().ToUpperInvariant();
        var psi = new ProcessStartInfo(FindPlugin(type))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["CNI_COMMAND"] = verb;
        psi.Environment["CNI_CONTAINERID"] = args.ContainerId;
        psi.Environment["CNI_NETNS"] = args.NetnsPath;
        psi.Environment["CNI_IFNAME"] = args.InterfaceName;
        psi.Environment["CNI_PATH"] = string.Join(':', PluginDirectories);
        psi.Environment.Remove("CNI_ARGS");

        using var process = StartProcess(psi, type);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.StandardInput.WriteAsync(config.ToJsonString());
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The plugin exited before reading its configuration; its exit code and output say why.
        }
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new BerthException($"CNI plugin {type} {verb} failed: {DescribeError(output, errors, process.ExitCode)}");
        }
        if (command != CniCommand.Add)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(output) as JsonObject
                ?? throw new BerthException($"CNI plugin {type} {verb} printed no result");
        }
        catch (JsonException e)
        {
            throw new BerthException($"CNI plugin {type} {verb} printed a result that is not JSON: {e.Message}", inner: e);
        }
    }

    private string FindPlugin(string type)
    {
        if (type.Contains('/') || type is "." or "..")
        {
            throw new BerthException($"CNI plugin type \"{type}\" is not a plain name");
        }
        foreach (var directory in PluginDirectories)
        {
            var path = Path.Combine(directory, type);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new BerthException($"CNI plugin \"{type}\" not found in {string.Join(':', PluginDirectories)} (install containernetworking-plugins)");
    }

    private static Process StartProcess(ProcessStartInfo psi, string type)
    {
        try
        {
            return Process.Start(psi) ?? throw new BerthException($"cannot start CNI plugin {type}");
        }
        catch (Win32Exception e)
        {
            throw new BerthException($"cannot start CNI plugin {type}: {e.Message}", inner: e);
        }
    }

    // The spec's error object: {"cniVersion", "code", "msg", "details"}; older or broken plugins
    // print plain text, usually on stderr.
    private static string DescribeError(string stdout, string stderr, int exitCode)
    {
        try
        {
            if (JsonNode.Parse(stdout) is JsonObject error && error["msg"] is JsonNode msg)
            {
                var details = error["details"]?.GetValue<string>();
                var text = string.IsNullOrEmpty(details) ? msg.GetValue<string>() : $"{msg.GetValue<string>()}: {details}";
                return $"{OneLine(text)} (code {error["code"]})";
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
        }
        var plain = OneLine(string.IsNullOrWhiteSpace(stderr) ? stdout : stderr);
        return plain.Length > 0 ? $"{plain} (exit code {exitCode})" : $"exit code {exitCode}";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

using System.Text;

namespace Berth.ApiServer.Security;

/// <summary>Writes an admin kubeconfig: the server URL, the CA, and the admin bearer token.</summary>
public static class KubeconfigWriter
{
    public static void Write(string path, Uri server, string caPem, string token)
    {
        var caData = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: berth
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {caData}
            contexts:
            - name: berth
              context:
                cluster: berth
                user: admin
            current-context: berth
            preferences: {"{}"}
            users:
            - name: admin
              user:
                token: {token}

            """;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        PrivateFile.Write(path, text);
    }
}

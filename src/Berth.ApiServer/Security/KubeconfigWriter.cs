using System.Text;

namespace Berth.ApiServer.Security;

/// <summary>Writes an admin kubeconfig: the server URL, the CA, and the admin's client certificate (system:admin in system:masters, as k3s').</summary>
public static class KubeconfigWriter
{
    public static void Write(string path, Uri server, string caPem, string clientCertificatePem, string clientKeyPem)
    {
        var caData = Base64(caPem);
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
                client-certificate-data: {Base64(clientCertificatePem)}
                client-key-data: {Base64(clientKeyPem)}

            """;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        PrivateFile.Write(path, text);
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Berth.ApiServer.Security;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// The RSA key ServiceAccount tokens are signed with (RS256, as kube-apiserver's default): made on
/// first start as <c>DATA/server/tls/service.key</c> (k3s' file) or read from
/// <c>--service-account-key-file</c>. Its key id is kube's: the SHA-256 of the public key's DER,
/// base64url.
/// </summary>
public sealed class ServiceAccountKey
{
    private ServiceAccountKey(RSA rsa)
    {
        Rsa = rsa;
        KeyId = Base64Url.EncodeToString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()));
    }

    public RSA Rsa { get; }

    public string KeyId { get; }

    /// <summary>Reads a PEM RSA private key (PKCS#1 or PKCS#8); a clear error when the file holds none.</summary>
    public static ServiceAccountKey Load(string path)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException)
        {
            rsa.Dispose();
            throw new InvalidDataException($"{path} holds no PEM RSA private key");
        }
        return new ServiceAccountKey(rsa);
    }

    public static ServiceAccountKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Load(path);
        }
        var rsa = RSA.Create(2048);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        PrivateFile.Write(path, rsa.ExportRSAPrivateKeyPem());
        return new ServiceAccountKey(rsa);
    }

    /// <summary>The public key as a JSON Web Key Set (what /openid/v1/jwks serves).</summary>
    public JsonObject Jwks()
    {
        var parameters = Rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["use"] = "sig",
                ["kty"] = "RSA",
                ["kid"] = KeyId,
                ["alg"] = "RS256",
                ["n"] = Base64Url.EncodeToString(parameters.Modulus),
                ["e"] = Base64Url.EncodeToString(parameters.Exponent),
            }),
        };
    }
}

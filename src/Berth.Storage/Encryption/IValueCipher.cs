namespace Berth.Storage.Encryption;

/// <summary>
/// One key of one provider of kube's EncryptionConfiguration: it seals a stored value behind its
/// prefix (<c>k8s:enc:aescbc:v1:KEYNAME:</c>; identity has none) and opens values that carry it.
/// The storage key is the authenticated data of the providers that authenticate it (aesgcm).
/// </summary>
public interface IValueCipher
{
    string Prefix { get; }

    byte[] Seal(string key, byte[] plain);

    byte[] Open(string key, ReadOnlySpan<byte> sealedValue);
}

namespace Berth.Storage.Encryption;

/// <summary>kube's identity provider: values stored as they are, and unprefixed values read as they are.</summary>
public sealed class IdentityCipher : IValueCipher
{
    public static IdentityCipher Instance { get; } = new();

    public string Prefix => "";

    public byte[] Seal(string key, byte[] plain) => plain;

    public byte[] Open(string key, ReadOnlySpan<byte> sealedValue) => sealedValue.ToArray();
}

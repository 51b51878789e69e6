namespace Berth.Storage.Encryption;

/// <summary>An EncryptionConfiguration that cannot be used; the message names what is wrong, as kube-apiserver's start error.</summary>
public sealed class EncryptionConfigurationException(string message) : Exception(message);

namespace Berth.ApiServer.Protobuf;

/// <summary>Bytes that are not valid protobuf wire format.</summary>
public sealed class ProtoFormatException(string message) : Exception(message);

namespace Berth.ApiServer.Protobuf;

public enum ProtoLabel
{
    Optional,
    Repeated,
    Map,

    /// <summary>A Go struct embedded with <c>json:",inline"</c>: its fields are the parent's in JSON (a Volume's VolumeSource).</summary>
    Inline,
}

/// <summary>One field of a Kubernetes protobuf message: its JSON name, number, label and type (a scalar or a full message name; for maps "K,V").</summary>
public sealed record ProtoField(string Name, int Number, ProtoLabel Label, string Type);

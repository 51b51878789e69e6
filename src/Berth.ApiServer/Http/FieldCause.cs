namespace Berth.ApiServer.Http;

/// <summary>One cause of a 422 Invalid: the field path, the reason (FieldValueRequired, FieldValueInvalid, …) and the message.</summary>
public sealed record FieldCause(string Field, string Reason, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

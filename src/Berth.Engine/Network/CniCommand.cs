namespace Berth.Engine.Network;

/// <summary>The operations of the CNI spec a runtime asks a plugin for (CNI_COMMAND).</summary>
public enum CniCommand
{
    Add,
    Del,
    Check,
}

using System.Runtime.Versioning;

// Berth runs on Linux only (file modes for keys and tokens, like the rest of the platform).
[assembly: SupportedOSPlatform("linux")]

namespace Berth.Engine.Build;

/// <summary>
/// What a COPY/ADD step copies: <paramref name="Paths"/> under the copier's root (the context, a
/// mounted stage or image, or the downloads of ADD URLs), what they hold, and whether local
/// archives are extracted (ADD from the context).
/// </summary>
internal sealed record CopySource(ContextCopier Copier, IReadOnlyList<string> Paths, SourceContent Content, bool ExtractArchives);

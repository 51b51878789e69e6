namespace Berth.ApiServer.Authentication;

/// <summary>
/// Reads kube-apiserver's <c>--token-auth-file</c>: CSV lines <c>token,user,uid[,"group1,group2"]</c>,
/// with kube's error for a line of fewer than three columns.
/// </summary>
public static class TokenAuthFile
{
    public static IReadOnlyDictionary<string, UserInfo> Read(string path)
    {
        var users = new Dictionary<string, UserInfo>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var record = CsvRecord(line, path, number);
            if (record.Count < 3)
            {
                throw new InvalidDataException($"token file '{path}' must have at least 3 columns (token, user name, user uid), found {record.Count}");
            }
            if (record[0].Length == 0)
            {
                continue;
            }
            var groups = record.Count > 3 ? record[3].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            users[record[0]] = UserInfo.Authenticated(record[1], record[2], groups);
        }
        return users;
    }

    /// <summary>One CSV record (RFC 4180 quoting, leading spaces trimmed as Go's csv.Reader with TrimLeadingSpace).</summary>
    private static List<string> CsvRecord(string line, string path, int number)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }
            var field = new System.Text.StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new InvalidDataException($"token file '{path}' line {number}: extraneous or missing \" in quoted-field");
                    }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
            }
            while (i < line.Length && line[i] != ',')
            {
                field.Append(line[i++]);
            }
            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return fields;
            }
            i++;
        }
    }
}

namespace Berth.Engine.Runtime;

/// <summary>
/// Resolves <c>-u user[:group]</c> (names or numbers) against the container's own /etc/passwd and
/// /etc/group, as runc's libcontainer/user does for Docker.
/// </summary>
public static class UserResolver
{
    public static ContainerUser Resolve(string? spec, string rootfs)
    {
        if (string.IsNullOrEmpty(spec))
        {
            return ContainerUser.Root;
        }
        var (userPart, groupPart) = spec.IndexOf(':') is var colon and >= 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, null);
        var passwd = ReadEntries(Path.Combine(rootfs, "etc/passwd"));
        var groups = ReadEntries(Path.Combine(rootfs, "etc/group"));

        uint uid;
        uint gid = 0;
        string? userName = null;
        var userEntry = passwd.FirstOrDefault(e => e[0] == userPart || (uint.TryParse(userPart, out var n) && e.Length > 2 && e[2] == n.ToString()));
        if (userEntry is { Length: > 3 })
        {
            userName = userEntry[0];
            uid = uint.Parse(userEntry[2]);
            gid = uint.TryParse(userEntry[3], out var g) ? g : 0;
        }
        else if (!uint.TryParse(userPart, out uid))
        {
            throw new BerthException($"unable to find user {userPart}: no matching entries in passwd file");
        }

        if (groupPart is not null)
        {
            var groupEntry = groups.FirstOrDefault(e => e[0] == groupPart);
            if (groupEntry is { Length: > 2 } && uint.TryParse(groupEntry[2], out var named))
            {
                gid = named;
            }
            else if (!uint.TryParse(groupPart, out gid))
            {
                throw new BerthException($"unable to find group {groupPart}: no matching entries in group file");
            }
        }

        var additional = userName is null
            ? []
            : groups.Where(e => e.Length > 3 && e[3].Split(',').Contains(userName) && uint.TryParse(e[2], out _))
                .Select(e => uint.Parse(e[2])).Where(g => g != gid).Distinct().ToList();
        return new ContainerUser(uid, gid, additional);
    }

    private static List<string[]> ReadEntries(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(':')).Where(e => e.Length > 2).ToList()
            : [];
}

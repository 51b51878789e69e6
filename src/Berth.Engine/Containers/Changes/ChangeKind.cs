namespace Berth.Engine.Containers.Changes;

/// <summary>How a path differs from the image, numbered as the Docker API's /changes Kind.</summary>
public enum ChangeKind
{
    Modified = 0,
    Added = 1,
    Deleted = 2,
}

using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>A records row joined with its requester, as Dapper reads it.</summary>
internal sealed class RecordRow
{
    public const string Select = """
        SELECT r.id AS Id, r.record_type AS Type, r.number AS Number, r.subject AS Subject, r.description AS Description,
               r.status AS Status, r.priority AS Priority, r.created_at AS CreatedAt, r.updated_at AS UpdatedAt,
               c.id AS RequesterId, c.address AS RequesterAddress, c.name AS RequesterName,
               r.assignee AS Assignee, r.follows_up_id AS FollowsUpId
        FROM records r LEFT JOIN customers c ON c.id = r.requester_id
        """;

    public long Id { get; set; }

    public string Type { get; set; } = "";

    public long Number { get; set; }

    public string Subject { get; set; } = "";

    public string? Description { get; set; }

    public string Status { get; set; } = "";

    public string Priority { get; set; } = "";

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long? RequesterId { get; set; }

    public string? RequesterAddress { get; set; }

    public string? RequesterName { get; set; }

    public string? Assignee { get; set; }

    public long? FollowsUpId { get; set; }

    public Record ToRecord() => new()
    {
        Id = Id,
        Type = Type,
        Number = Number,
        Subject = Subject,
        Description = Description,
        Status = EnumText.Status(Status),
        Priority = EnumText.Priority(Priority),
        CreatedAt = Times.FromMs(CreatedAt),
        UpdatedAt = Times.FromMs(UpdatedAt),
        Assignee = Assignee,
        FollowsUpRecordId = FollowsUpId,
        Requester = RequesterId is { } rid ? new Customer(rid, RequesterAddress ?? "", RequesterName) : null,
    };
}

namespace Mailroom.Core.Records;

/// <summary>A record to create. The store gives it its id and number.</summary>
/// <param name="RequesterAddress">The customer's e-mail address; the customer is created when not yet known.</param>
/// <param name="Subject">One line, at most 500 characters.</param>
/// <param name="RequesterName">The customer's name, used when the customer is new.</param>
/// <param name="Description">Free text.</param>
/// <param name="Priority">Medium unless set.</param>
/// <param name="Status">New unless set.</param>
/// <param name="Type"><see cref="RecordTypes.Incident"/> unless set.</param>
/// <param name="FollowsUpRecordId">The closed record this one follows up (a reply to it opened this one).</param>
public sealed record NewRecord(
    string Subject,
    string? RequesterAddress,
    string? RequesterName = null,
    string? Description = null,
    RecordPriority Priority = RecordPriority.Medium,
    RecordStatus Status = RecordStatus.New,
    string Type = RecordTypes.Incident,
    long? FollowsUpRecordId = null);
